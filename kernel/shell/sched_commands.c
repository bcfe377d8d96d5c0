/* Shell commands about CPUs and threads: cpus, ps. */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <modlab/console.h>
#include <modlab/percpu.h>
#include <modlab/shell.h>
#include <modlab/sched.h>

static int cmd_cpus(int argc, char **argv)
{
	unsigned int cpu;

	printf("CPU  APIC  ONLINE      TICKS   SWITCHES       IRQS  CURRENT\n");
	for_each_possible_cpu(cpu) {
		struct cpu_data *c = &cpu_data[cpu];
		struct task_struct *t = READ_ONCE(c->current_task);

		printf("%3u  %4u  %-6s %10lu %10lu %10lu  %s\n", cpu, c->apic_id,
		       cpu_online(cpu) ? "yes" : "no", READ_ONCE(c->ticks),
		       READ_ONCE(c->nr_switches), READ_ONCE(c->irqs), t ? t->comm : "-");
	}
	printf("%u of %u CPUs online\n", num_online_cpus(), nr_cpu_ids);
	return 0;
}
SHELL_COMMAND("cpus", cmd_cpus, "", "list the CPUs: APIC ID, online, ticks, switches, thread");

/* A copy of what ps shows, taken under the tasks lock and printed after. */
struct ps_row {
	int pid;
	unsigned int cpu;
	char comm[TASK_COMM_LEN];
	const char *state;
	unsigned long switches;
};

struct ps_snapshot {
	struct ps_row *rows;
	unsigned int n, max;
};

static void ps_collect(struct task_struct *p, void *arg)
{
	struct ps_snapshot *s = arg;
	struct ps_row *r;

	if (s->n == s->max)
		return;
	r = &s->rows[s->n++];
	r->pid = p->pid;
	r->cpu = p->cpu;
	memcpy(r->comm, p->comm, sizeof(r->comm));
	r->state = task_state_name(p);
	r->switches = p->nr_switches;
}

static int cmd_ps(int argc, char **argv)
{
	struct ps_snapshot s = { .max = 512 };
	unsigned int i;

	s.rows = kmalloc(s.max * sizeof(*s.rows), GFP_KERNEL);
	if (!s.rows) {
		printf("ps: out of memory\n");
		return 1;
	}
	for_each_task(ps_collect, &s);
	printf("  PID  CPU  STATE      SWITCHES  NAME\n");
	for (i = 0; i < s.n; i++)
		printf("%5d  %3u  %-9s %9lu  %s\n", s.rows[i].pid, s.rows[i].cpu, s.rows[i].state,
		       s.rows[i].switches, s.rows[i].comm);
	kfree(s.rows);
	return 0;
}
SHELL_COMMAND("ps", cmd_ps, "", "list the threads: id, CPU, state, name");
