/*
 * The shell's command-line parser (kernel/shell/parse.c): words, quotes,
 * backslashes, redirections anywhere, a final '&', and the errors.
 */
#define UNIT_MAIN
#include "unit.h"
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <modlab/shell.h>

static struct shell_cmdline cmd;
static int last_rc;

/*
 * Parse line and describe the result in one string: each word in [],
 * then each redirection (">path" or ">>path"), then " &" if in the
 * background; or "error: MESSAGE".
 */
static const char *parse(const char *line)
{
	static char out[2048];
	char err[96];
	size_t n = 0;
	int i;

	memset(&cmd, 0x5a, sizeof(cmd));	/* nothing may be left from before */
	last_rc = shell_parse(line, &cmd, err, sizeof(err));
	if (last_rc) {
		snprintf(out, sizeof(out), "error: %s", err);
		return out;
	}
	out[0] = '\0';
	for (i = 0; i < cmd.argc; i++)
		n += scnprintf(out + n, sizeof(out) - n, "[%s]", cmd.argv[i]);
	if (cmd.argv[cmd.argc] != NULL)
		return "argv not NULL-terminated";
	for (i = 0; i < cmd.nr_redirects; i++)
		n += scnprintf(out + n, sizeof(out) - n, " %s%s",
			       cmd.redirects[i].append ? ">>" : ">", cmd.redirects[i].path);
	if (cmd.background)
		scnprintf(out + n, sizeof(out) - n, " &");
	return out;
}

/* ---- words ---- */

TEST(blanks_separate_words_and_repeated_blanks_and_tabs_count_once)
{
	EXPECT_STREQ(parse("echo a b"), "[echo][a][b]");
	EXPECT_STREQ(parse("  \techo \t  a\t\tb   "), "[echo][a][b]");
	EXPECT_STREQ(parse(""), "");
	EXPECT_STREQ(parse(" \t "), "");
	EXPECT_EQ_INT(cmd.argc, 0);
}

TEST(single_quotes_keep_everything_literally)
{
	EXPECT_STREQ(parse("echo 'a  b' 'x>y' '&' '\\n' '\"'"), "[echo][a  b][x>y][&][\\n][\"]");
	EXPECT_STREQ(parse("echo a'b c'd"), "[echo][ab cd]");
}

TEST(double_quotes_keep_operators_and_take_backslash_escapes)
{
	EXPECT_STREQ(parse("echo \"a > b & c | d ; e\""), "[echo][a > b & c | d ; e]");
	EXPECT_STREQ(parse("echo \"q\\\"q\" \"b\\\\s\" \"d\\$\" \"t\\`\""),
		     "[echo][q\"q][b\\s][d$][t`]");
	/* Before any other character the backslash stays, as in sh. */
	EXPECT_STREQ(parse("echo \"a\\nb\" \"it's\""), "[echo][a\\nb][it's]");
}

TEST(backslash_outside_quotes_takes_the_next_character)
{
	EXPECT_STREQ(parse("echo a\\ b \\> \\& \\' \\\\"), "[echo][a b][>][&]['][\\]");
	EXPECT_STREQ(parse("echo end\\"), "[echo][end\\]");
}

TEST(empty_quotes_make_empty_words)
{
	EXPECT_STREQ(parse("echo '' \"\" x"), "[echo][][][x]");
	EXPECT_EQ_INT(cmd.argc, 4);
	EXPECT_STREQ(parse("''"), "[]");
	EXPECT_EQ_INT(cmd.argc, 1);
}

TEST(hash_at_the_start_of_a_word_begins_a_comment)
{
	EXPECT_STREQ(parse("echo a #b c"), "[echo][a]");
	EXPECT_STREQ(parse("echo a#b '#c' \\#d"), "[echo][a#b][#c][#d]");
	EXPECT_STREQ(parse("# just a comment"), "");
	EXPECT_STREQ(parse("echo x >#f"), "error: syntax error near unexpected token 'newline'");
}

TEST(characters_without_a_meaning_here_stay_literal)
{
	EXPECT_STREQ(parse("echo $HOME `x` *.ko ~ {a} a=b %1"),
		     "[echo][$HOME][`x`][*.ko][~][{a}][a=b][%1]");
}

TEST(unterminated_quotes_are_errors)
{
	EXPECT_STREQ(parse("echo 'abc"), "error: unexpected end of line: no closing '");
	EXPECT_EQ_INT(last_rc, -EINVAL);
	EXPECT_STREQ(parse("echo \"abc"), "error: unexpected end of line: no closing \"");
	EXPECT_STREQ(parse("echo \"a\\\""), "error: unexpected end of line: no closing \"");
	EXPECT_STREQ(parse("echo '>' 'x"), "error: unexpected end of line: no closing '");
}

/* ---- redirections ---- */

TEST(quoted_or_escaped_greater_than_is_a_word)
{
	EXPECT_STREQ(parse("echo '>x'"), "[echo][>x]");
	EXPECT_STREQ(parse("cat '>'"), "[cat][>]");
	EXPECT_STREQ(parse("echo \">>\" \\>y"), "[echo][>>][>y]");
	EXPECT_EQ_INT(cmd.nr_redirects, 0);
}

TEST(redirection_with_and_without_blanks)
{
	EXPECT_STREQ(parse("echo x > f"), "[echo][x] >f");
	EXPECT_STREQ(parse("echo x >f"), "[echo][x] >f");
	EXPECT_STREQ(parse("echo x>f"), "[echo][x] >f");
	EXPECT_STREQ(parse("echo x>>f"), "[echo][x] >>f");
	EXPECT_STREQ(parse("echo x >> f"), "[echo][x] >>f");
	EXPECT_STREQ(parse("echo x >|f"), "[echo][x] >f");
	EXPECT_STREQ(parse("echo x > 'a b'"), "[echo][x] >a b");
	EXPECT_STREQ(parse("echo x >''"), "[echo][x] >");
}

TEST(redirections_anywhere_in_the_line_all_kept_in_order)
{
	EXPECT_STREQ(parse("> f echo x"), "[echo][x] >f");
	EXPECT_STREQ(parse("echo > f x"), "[echo][x] >f");
	EXPECT_STREQ(parse("echo x > a > b"), "[echo][x] >a >b");
	EXPECT_STREQ(parse("echo x >a >>b >c"), "[echo][x] >a >>b >c");
	EXPECT_STREQ(parse("> only"), " >only");
	EXPECT_EQ_INT(cmd.argc, 0);
}

TEST(redirection_without_a_file_is_a_syntax_error)
{
	EXPECT_STREQ(parse("echo >"), "error: syntax error near unexpected token 'newline'");
	EXPECT_EQ_INT(last_rc, -EINVAL);
	EXPECT_STREQ(parse("echo >>  "), "error: syntax error near unexpected token 'newline'");
	EXPECT_STREQ(parse("echo > > f"), "error: syntax error near unexpected token '>'");
	EXPECT_STREQ(parse("echo > >> f"), "error: syntax error near unexpected token '>>'");
	EXPECT_STREQ(parse("echo > &"), "error: syntax error near unexpected token '&'");
	EXPECT_STREQ(parse(">"), "error: syntax error near unexpected token 'newline'");
}

TEST(descriptor_numbers_other_than_one_are_refused)
{
	EXPECT_STREQ(parse("echo x 1>f"), "[echo][x] >f");
	EXPECT_STREQ(parse("echo x 1>>f"), "[echo][x] >>f");
	EXPECT_STREQ(parse("echo x 2>f"), "error: 2>: only standard output (1>) can be redirected");
	EXPECT_STREQ(parse("echo x 12345678901234567890>f"),
		     "error: 12345678901234567890>: only standard output (1>) can be redirected");
	/* Not a descriptor: quoted, or not right before '>'. */
	EXPECT_STREQ(parse("echo '2'>f 2 >g"), "[echo][2][2] >f >g");
	EXPECT_STREQ(parse("echo a2>f"), "[echo][a2] >f");
}

TEST(too_many_redirections_are_refused)
{
	char line[SHELL_LINE_MAX];
	size_t n = 0;
	int i;

	for (i = 0; i < SHELL_MAX_REDIRECTS; i++)
		n += scnprintf(line + n, sizeof(line) - n, ">%c", 'a' + i);
	EXPECT_EQ_INT(strlen(parse(line)), 3 * SHELL_MAX_REDIRECTS);
	EXPECT_EQ_INT(cmd.nr_redirects, SHELL_MAX_REDIRECTS);
	scnprintf(line + n, sizeof(line) - n, ">z");
	EXPECT_STREQ(parse(line), "error: too many redirections (at most 16)");
	EXPECT_EQ_INT(last_rc, -E2BIG);
}

/* ---- background ---- */

TEST(ampersand_at_the_end_runs_in_the_background)
{
	EXPECT_STREQ(parse("echo x &"), "[echo][x] &");
	EXPECT_EQ_UINT(cmd.background_at, 7);
	EXPECT_STREQ(parse("echo x&"), "[echo][x] &");
	EXPECT_EQ_UINT(cmd.background_at, 6);
	EXPECT_STREQ(parse("echo x > f &  "), "[echo][x] >f &");
	EXPECT_STREQ(parse("> f &"), " >f &");
	EXPECT_STREQ(parse("echo x & # comment"), "[echo][x] &");
}

TEST(ampersand_alone_or_first_is_a_syntax_error)
{
	EXPECT_STREQ(parse("&"), "error: syntax error near unexpected token '&'");
	EXPECT_STREQ(parse("   &  "), "error: syntax error near unexpected token '&'");
	EXPECT_STREQ(parse("& echo"), "error: syntax error near unexpected token '&'");
}

TEST(quoted_ampersand_is_a_word)
{
	EXPECT_STREQ(parse("echo '&'"), "[echo][&]");
	EXPECT_STREQ(parse("echo \"a &\""), "[echo][a &]");
	EXPECT_STREQ(parse("echo a\\&"), "[echo][a&]");
	EXPECT_TRUE(!cmd.background);
}

TEST(nothing_may_follow_the_ampersand)
{
	EXPECT_STREQ(parse("echo a & echo b"),
		     "error: one command per line: nothing may follow '&'");
	EXPECT_STREQ(parse("echo a & &"), "error: one command per line: nothing may follow '&'");
	EXPECT_STREQ(parse("echo a & > f"), "error: one command per line: nothing may follow '&'");
}

/* ---- what the shell does not have ---- */

TEST(unsupported_operators_are_named)
{
	static const char *const ops[][2] = {
		{ "cat a | cksum", "|" }, { "echo a; echo b", ";" }, { "cat < f", "<" },
		{ "echo a && echo b", "&&" }, { "echo a || b", "||" }, { "(echo)", "(" },
		{ "echo a)", ")" }, { "echo x >&2", ">&" }, { "echo x 1>&2", ">&" },
	};
	char expected[128];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		snprintf(expected, sizeof(expected),
			 "error: '%s' is not supported here (quote it to pass it on as text)",
			 ops[i][1]);
		EXPECT_STREQ(parse(ops[i][0]), expected);
		EXPECT_EQ_INT(last_rc, -EINVAL);
	}
	EXPECT_STREQ(parse("echo 'a|b;c<d(e)' \"&&\""), "[echo][a|b;c<d(e)][&&]");
}

/* ---- limits ---- */

TEST(a_full_line_of_one_letter_words_fits)
{
	char line[SHELL_LINE_MAX];
	int i;

	/* "a a a ... a": 128 words in 255 characters. */
	for (i = 0; i < SHELL_LINE_MAX - 1; i++)
		line[i] = i % 2 ? ' ' : 'a';
	line[SHELL_LINE_MAX - 1] = '\0';
	parse(line);
	EXPECT_EQ_INT(last_rc, 0);
	EXPECT_EQ_INT(cmd.argc, SHELL_MAX_ARGS);
	EXPECT_STREQ(cmd.argv[SHELL_MAX_ARGS - 1], "a");
	EXPECT_TRUE(cmd.argv[SHELL_MAX_ARGS] == NULL);
}

TEST(a_word_as_long_as_the_line_fits)
{
	char line[SHELL_LINE_MAX];

	memset(line, 'w', SHELL_LINE_MAX - 1);
	line[SHELL_LINE_MAX - 1] = '\0';
	parse(line);
	EXPECT_EQ_INT(last_rc, 0);
	EXPECT_EQ_INT(cmd.argc, 1);
	EXPECT_EQ_UINT(strlen(cmd.argv[0]), SHELL_LINE_MAX - 1);
}

TEST(words_packed_between_operators_each_get_their_own_nul)
{
	char line[SHELL_LINE_MAX];
	int i;

	/* "x>x>...>x&" in 255 characters: 17 words, 16 redirections, then
	 * words that are too many redirections. */
	for (i = 0; i < SHELL_LINE_MAX - 1; i++)
		line[i] = i % 2 ? '>' : 'x';
	line[SHELL_LINE_MAX - 1] = '\0';
	EXPECT_STREQ(parse(line), "error: too many redirections (at most 16)");
	/* The same with blanks: words and redirections alternate, all kept. */
	EXPECT_STREQ(parse("a>b c>d e>>f g"), "[a][c][e][g] >b >d >>f");
}

TEST(a_line_longer_than_the_buffer_is_refused)
{
	char line[SHELL_LINE_MAX + 1];

	memset(line, 'x', SHELL_LINE_MAX);
	line[SHELL_LINE_MAX] = '\0';
	EXPECT_STREQ(parse(line), "error: line too long (more than 255 characters)");
	EXPECT_EQ_INT(last_rc, -ENAMETOOLONG);
}

TEST(quotes_that_shrink_the_text_leave_words_intact)
{
	/* Many empty words: each NUL is paid for by two quote characters. */
	EXPECT_STREQ(parse("''''''''"), "[]");
	EXPECT_STREQ(parse("'' '' '' ''"), "[][][][]");
	EXPECT_STREQ(parse("a'b'>c'd'&"), "[ab] >cd &");
}
