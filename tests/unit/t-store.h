/* For unit tests of the store: each test opens a new database in its own
 * folder under one temporary folder, which t_store_done() removes. */
#ifndef LANES_T_STORE_H
#define LANES_T_STORE_H

#include <stdio.h>
#include <stdlib.h>

#include "lanes/store.h"

static char t_dir[] = "/tmp/lanes-test-XXXXXX";
static char t_path[256]; /* the database t_store_fresh() opened last */
static int t_seq;

/* Creates the temporary folder; false when it cannot. */
static inline bool
t_store_init(void)
{
	return mkdtemp(t_dir) != NULL;
}

static inline struct store *
t_store_fresh(void)
{
	struct store *st = NULL;
	struct lanes_err e = { "" };

	snprintf(t_path, sizeof(t_path), "%s/db%d/lanes.db", t_dir, ++t_seq);
	if (store_open(t_path, STORE_WRITE, &st, &e) < 0)
		printf("# open %s: %s\n", t_path, e.msg);
	return st;
}

static inline void
t_store_done(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", t_dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", t_dir);
}

#endif
