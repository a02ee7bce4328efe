// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The memory of profile objects: a pool of blocks, bump-allocated and
 * freed all at once.  A profile holds hundreds of small strings (every
 * syscall name) and arrays; a malloc and a free each cost more than
 * reading the name itself.  A resolved profile shares the strings and
 * arrays of the profile it came from (neither changes them), so the pool
 * is counted: each profile holding it keeps a reference.
 */
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

#define BLOCK_MIN 4096
/* arrays hold pointers, sizes and 64-bit values */
#define ALIGN 8

struct block {
	struct block *next;
	size_t used, cap;
	alignas(ALIGN) unsigned char data[];
};

struct sb_pool {
	unsigned refs; /* atomic: profiles sharing it may be freed anywhere */
	struct block *head;
};

static struct block *new_block(size_t cap, struct block *next)
{
	struct block *b;

	if (cap > SIZE_MAX / 2)
		return NULL;
	b = malloc(sizeof(*b) + cap);
	if (!b)
		return NULL;
	b->next = next;
	b->used = 0;
	b->cap = cap;
	return b;
}

struct sb_pool *sb_pool_new(size_t hint)
{
	struct sb_pool *pool = malloc(sizeof(*pool));

	if (!pool)
		return NULL;
	pool->refs = 1;
	pool->head = new_block(hint < BLOCK_MIN ? BLOCK_MIN : hint, NULL);
	if (!pool->head) {
		free(pool);
		return NULL;
	}
	return pool;
}

struct sb_pool *sb_pool_ref(struct sb_pool *pool)
{
	if (pool)
		__atomic_add_fetch(&pool->refs, 1, __ATOMIC_RELAXED);
	return pool;
}

void sb_pool_unref(struct sb_pool *pool)
{
	struct block *b, *next;

	if (!pool || __atomic_sub_fetch(&pool->refs, 1, __ATOMIC_ACQ_REL))
		return;
	for (b = pool->head; b; b = next) {
		next = b->next;
		free(b);
	}
	free(pool);
}

/* n bytes aligned to "align" (1 or ALIGN); NULL when out of memory. */
static void *pool_take(struct sb_pool *pool, size_t n, size_t align)
{
	struct block *b = pool->head;
	size_t at = (b->used + align - 1) & ~(align - 1);

	if (n > SIZE_MAX / 4)
		return NULL;
	if (at > b->cap || b->cap - at < n) {
		/* a new block at least twice the last: few blocks in all */
		size_t cap = b->cap * 2 > n ? b->cap * 2 : n;

		b = new_block(cap, pool->head);
		if (!b)
			return NULL;
		pool->head = b;
		at = 0;
	}
	b->used = at + n;
	return b->data + at;
}

void *sb_pool_alloc(struct sb_pool *pool, size_t n)
{
	return pool_take(pool, n, ALIGN);
}

void *sb_pool_zalloc(struct sb_pool *pool, size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / 4 / size)
		return NULL;
	p = pool_take(pool, n * size, ALIGN);
	if (p)
		memset(p, 0, n * size);
	return p;
}

char *sb_pool_strndup(struct sb_pool *pool, const char *s, size_t len)
{
	char *d = pool_take(pool, len + 1, 1);

	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}
