/*
 * A ring of bytes indexed by head (the writer's next slot) and tail (the
 * reader's next byte), as Linux's linux/circ_buf.h: size is a power of
 * two, so "& (size - 1)" wraps an index, and one slot always stays empty
 * so that head == tail means empty, never full.
 */
#ifndef _LINUX_CIRC_BUF_H
#define _LINUX_CIRC_BUF_H

struct circ_buf {
	char *buf;
	int head;
	int tail;
};

/* Bytes waiting to be read. */
#define CIRC_CNT(head, tail, size)	(((head) - (tail)) & ((size) - 1))

/* Bytes that may still be written (at most size - 1 in all). */
#define CIRC_SPACE(head, tail, size)	CIRC_CNT((tail), ((head) + 1), (size))

/* Bytes waiting before the end of the array: one memcpy's worth. Each
 * index is read once, so a concurrent writer or reader moving the other
 * one cannot make the answer inconsistent. */
#define CIRC_CNT_TO_END(head, tail, size)				\
	({ int end__ = (size) - (tail);					\
	   int n__ = ((head) + end__) & ((size) - 1);			\
	   n__ < end__ ? n__ : end__; })

/* Free bytes before the end of the array. */
#define CIRC_SPACE_TO_END(head, tail, size)				\
	({ int end__ = (size) - 1 - (head);				\
	   int n__ = (end__ + (tail)) & ((size) - 1);			\
	   n__ <= end__ ? n__ : end__ + 1; })

#endif
