/*
 * procfs, with Linux's names: files whose contents the kernel (or a module)
 * makes when they are read.
 *
 *	static int show(struct seq_file *m, void *v) { seq_printf(m, "hi\n"); return 0; }
 *	proc_create_single("hello", 0444, NULL, show);
 *	...
 *	proc_remove(entry);	(before the module goes; waits for readers)
 */
#ifndef _LINUX_PROC_FS_H
#define _LINUX_PROC_FS_H

#include <linux/fs.h>
#include <linux/seq_file.h>

/* proc_flags: accepted for Linux's sake; every entry here behaves alike. */
#define PROC_ENTRY_PERMANENT	1U

/* A proc file's operations, as Linux 6.1 declares them (less read_iter).
 * proc_mmap and proc_get_unmapped_area are there for drivers that fill
 * them in; with no user address space, nothing calls them. */
struct proc_ops {
	unsigned int proc_flags;
	int (*proc_open)(struct inode *inode, struct file *file);
	ssize_t (*proc_read)(struct file *file, char __user *buf, size_t count, loff_t *pos);
	ssize_t (*proc_write)(struct file *file, const char __user *buf, size_t count,
			      loff_t *pos);
	loff_t (*proc_lseek)(struct file *file, loff_t offset, int whence);
	int (*proc_release)(struct inode *inode, struct file *file);
	__poll_t (*proc_poll)(struct file *file, struct poll_table_struct *wait);
	long (*proc_ioctl)(struct file *file, unsigned int cmd, unsigned long arg);
	long (*proc_compat_ioctl)(struct file *file, unsigned int cmd, unsigned long arg);
	/* Never called: there is no user address space to map into. */
	int (*proc_mmap)(struct file *file, struct vm_area_struct *vma);
	unsigned long (*proc_get_unmapped_area)(struct file *file, unsigned long addr,
						unsigned long len, unsigned long pgoff,
						unsigned long flags);
};

struct proc_dir_entry;

/* A file under parent (NULL: /proc) with raw read/write operations. */
struct proc_dir_entry *proc_create(const char *name, umode_t mode, struct proc_dir_entry *parent,
				   const struct proc_ops *ops);
struct proc_dir_entry *proc_create_data(const char *name, umode_t mode,
					struct proc_dir_entry *parent,
					const struct proc_ops *ops, void *data);
/* A file whose whole text show() prints (with seq_printf). */
struct proc_dir_entry *proc_create_single(const char *name, umode_t mode,
					  struct proc_dir_entry *parent,
					  int (*show)(struct seq_file *m, void *v));
/* A file read through a seq_operations iterator; state_size bytes of
 * zeroed state for each open file in its seq_file's private. */
struct proc_dir_entry *proc_create_seq_private(const char *name, umode_t mode,
					       struct proc_dir_entry *parent,
					       const struct seq_operations *ops,
					       unsigned int state_size, void *data);
#define proc_create_seq_data(name, mode, parent, ops, data) \
	proc_create_seq_private(name, mode, parent, ops, 0, data)
#define proc_create_seq(name, mode, parent, ops) \
	proc_create_seq_private(name, mode, parent, ops, 0, NULL)
/* The i_size an ls shows for the entry (proc files are 0 otherwise). */
void proc_set_size(struct proc_dir_entry *de, loff_t size);
/* The owner its inode records; every thread is root here, so it grants nothing. */
void proc_set_user(struct proc_dir_entry *de, kuid_t uid, kgid_t gid);
struct proc_dir_entry *proc_mkdir(const char *name, struct proc_dir_entry *parent);
/* Remove an entry and everything below it. Waits until no reader is
 * inside its operations; afterwards open files read -EIO. May sleep. */
void proc_remove(struct proc_dir_entry *de);
/* The same, for the entry called name under parent (NULL: /proc). */
void remove_proc_entry(const char *name, struct proc_dir_entry *parent);
/* The data given to proc_create_data, for an open proc file. */
void *pde_data(const struct inode *inode);

void proc_root_init(void);

#endif
