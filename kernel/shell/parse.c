/*
 * The shell's command-line parser: one line in, the command's words, its
 * output redirections and whether it runs in the background out.
 *
 * It follows the POSIX shell's token rules for the part of the language
 * this shell has:
 *   - blanks (space, tab) separate words; '#' at the start of a word
 *     begins a comment that runs to the end of the line;
 *   - '...' keeps every character as it is; "..." too, except that a
 *     backslash before $ ` " \ takes that character literally; outside
 *     quotes a backslash takes the next character literally (a backslash
 *     that ends the line stands for itself, as in `sh -c 'echo \'`);
 *   - unquoted '>' and '>>' (and '>|', which is '>') redirect standard
 *     output to the next word, anywhere in the line and with or without a
 *     blank: "> f echo x", "echo x >f", "echo x>>f"; "1>" is '>';
 *   - an unquoted '&' at the end runs the command in the background.
 * What the shell does not have is refused by name rather than passed on
 * as text: '|', ';', '<', '(', ')', '&&', '||', '>&' and a redirection of
 * any descriptor but 1. There is no expansion: $, `, *, ? and ~ are
 * ordinary characters.
 *
 * The parser only reads and writes memory it is given, so the host unit
 * tests (tests/unit/test_shell_parse.c) run it under the sanitizers.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <modlab/shell.h>

enum token {
	T_END,		/* end of the line (or a comment) */
	T_WORD,
	T_GREAT,	/* > or >| */
	T_DGREAT,	/* >> */
	T_AMP,		/* & */
	T_ERROR,	/* the lexer has written the message */
};

struct lexer {
	const char *in;		/* next character of the line */
	char *out;		/* where the next word's text goes (in cmd->buf) */
	char *err;
	size_t err_size;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Characters that end an unquoted word: blanks and operator characters. */
static bool ends_word(char c)
{
	return !c || is_blank(c) || strchr("><&|;()", c);
}

static enum token lex_error(struct lexer *lx, const char *fmt, const char *what)
{
	snprintf(lx->err, lx->err_size, fmt, what);
	return T_ERROR;
}

/* An operator that this shell does not have: name it. */
static enum token unsupported(struct lexer *lx, const char *op)
{
	return lex_error(lx, "'%s' is not supported here (quote it to pass it on as text)", op);
}

/*
 * The operator at lx->in, after the descriptor number io ("2" in "2>"; NULL
 * if none). Returns its token and steps past it.
 */
static enum token lex_operator(struct lexer *lx, const char *io)
{
	const char *p = lx->in;

	if (*p == '>') {
		if (io) {
			const char *n = io;

			while (*n == '0' && n[1])
				n++;
			if (strcmp(n, "1"))
				return lex_error(lx, "%s>: only standard output (1>) can be "
						 "redirected", io);
		}
		if (p[1] == '&')
			return unsupported(lx, ">&");
		lx->in += (p[1] == '>' || p[1] == '|') ? 2 : 1;
		return p[1] == '>' ? T_DGREAT : T_GREAT;
	}
	if (*p == '&' && p[1] != '&') {
		lx->in++;
		return T_AMP;
	}
	if (*p == '<')
		return unsupported(lx, "<");
	if ((*p == '&' || *p == '|') && p[1] == *p)
		return unsupported(lx, *p == '&' ? "&&" : "||");
	{
		char op[2] = { *p, '\0' };	/* | ; ( ) */

		return unsupported(lx, op);
	}
}

/*
 * A word starting at lx->in: copy its text, quotes removed, to lx->out.
 * Stops at the first unquoted blank or operator character (not taken).
 * *digits says whether the word was a plain unquoted number, which before
 * '>' names a file descriptor, as "2>" does.
 */
static enum token lex_word(struct lexer *lx, bool *digits)
{
	const char *p = lx->in;
	char *o = lx->out;

	*digits = true;
	while (!ends_word(*p)) {
		char c = *p++;

		if (c >= '0' && c <= '9') {
			*o++ = c;
			continue;
		}
		*digits = false;
		if (c == '\\') {
			*o++ = *p ? *p++ : '\\';
		} else if (c == '\'') {
			while (*p && *p != '\'')
				*o++ = *p++;
			if (!*p)
				return lex_error(lx, "%s", "unexpected end of line: no closing '");
			p++;
		} else if (c == '"') {
			while (*p && *p != '"') {
				if (*p == '\\' && p[1] && strchr("$`\"\\", p[1]))
					p++;
				*o++ = *p++;
			}
			if (!*p)
				return lex_error(lx, "%s", "unexpected end of line: no closing \"");
			p++;
		} else {
			*o++ = c;
		}
	}
	*o++ = '\0';
	lx->in = p;
	return T_WORD;
}

/* The next token; a word's text is at *word. */
static enum token next_token(struct lexer *lx, char **word)
{
	bool digits;
	enum token t;

	while (is_blank(*lx->in))
		lx->in++;
	if (!*lx->in || *lx->in == '#')
		return T_END;
	if (ends_word(*lx->in))
		return lex_operator(lx, NULL);
	*word = lx->out;
	t = lex_word(lx, &digits);
	if (t != T_WORD)
		return t;
	lx->out += strlen(*word) + 1;
	/* "2>": a number right before '>' is the descriptor, not a word. */
	if (digits && *lx->in == '>') {
		lx->out = *word;	/* the number is not kept as a word */
		return lex_operator(lx, *word);
	}
	return T_WORD;
}

static const char *token_name(enum token t)
{
	switch (t) {
	case T_END:	return "newline";
	case T_GREAT:	return ">";
	case T_DGREAT:	return ">>";
	case T_AMP:	return "&";
	default:	return "?";
	}
}

static int syntax_error(struct lexer *lx, const char *token)
{
	snprintf(lx->err, lx->err_size, "syntax error near unexpected token '%s'", token);
	return -EINVAL;
}

/**
 * shell_parse - split a command line into words and redirections
 * @line: the line, NUL-terminated; not changed
 * @cmd: the result; argv points into cmd->buf
 * @err: where a message goes on failure ("syntax error near ...")
 * @err_size: its size
 *
 * Returns 0, or -EINVAL (a syntax error or something unsupported),
 * -E2BIG (too many redirections) or -ENAMETOOLONG (the line is longer
 * than cmd->buf holds), with err saying what is wrong.
 */
int shell_parse(const char *line, struct shell_cmdline *cmd, char *err, size_t err_size)
{
	struct lexer lx = { .in = line, .out = cmd->buf, .err = err, .err_size = err_size };
	enum token t;
	char *word;

	cmd->argc = 0;
	cmd->nr_redirects = 0;
	cmd->background = false;
	cmd->background_at = 0;
	cmd->argv[0] = NULL;
	/* Each word's text, with its NUL, is at most as long as the
	 * characters it came from and the one that ended it, so a line that
	 * fits in buf gives words that fit in buf. */
	if (strnlen(line, sizeof(cmd->buf)) >= sizeof(cmd->buf)) {
		snprintf(err, err_size, "line too long (more than %u characters)",
			 (unsigned int)sizeof(cmd->buf) - 1);
		return -ENAMETOOLONG;
	}
	/* Each word but the last takes a character and a blank at least, so
	 * a line that fits in buf has at most sizeof(buf) / 2 words. */
	_Static_assert(SHELL_MAX_ARGS >= sizeof(cmd->buf) / 2, "argv holds every word of a line");
	for (;;) {
		const char *at = lx.in;

		t = next_token(&lx, &word);
		if (t == T_ERROR)
			return -EINVAL;
		if (t == T_END)
			break;
		if (cmd->background) {
			snprintf(err, err_size, "one command per line: nothing may follow '&'");
			return -EINVAL;
		}
		if (t == T_WORD) {
			cmd->argv[cmd->argc++] = word;	/* fits: see the assertion above */
		} else if (t == T_AMP) {
			if (!cmd->argc && !cmd->nr_redirects)
				return syntax_error(&lx, "&");
			while (is_blank(*at))
				at++;
			cmd->background = true;
			cmd->background_at = at - line;
		} else {	/* > or >>: the next token must be the file's name */
			enum token op = t;

			t = next_token(&lx, &word);
			if (t == T_ERROR)
				return -EINVAL;
			if (t != T_WORD)
				return syntax_error(&lx, token_name(t));
			if (cmd->nr_redirects == SHELL_MAX_REDIRECTS) {
				snprintf(err, err_size, "too many redirections (at most %d)",
					 SHELL_MAX_REDIRECTS);
				return -E2BIG;
			}
			cmd->redirects[cmd->nr_redirects].path = word;
			cmd->redirects[cmd->nr_redirects].append = op == T_DGREAT;
			cmd->nr_redirects++;
		}
	}
	cmd->argv[cmd->argc] = NULL;
	return 0;
}
