#include "config.h"

#include <string.h>

#include "lanes/action.h"
#include "lanes/util.h"

const struct action_info action_table[] = {
#define ACTION_ROW(id, name, help, need, cap) { ACT_##id, name, help, need, cap },
	ACTION_INFO(ACTION_ROW)
#undef ACTION_ROW
};

const int action_table_len = ARRAY_SIZE(action_table);

const struct action_info *
action_info(enum action a)
{
	if (a <= ACT_NONE || a >= ACT_COUNT)
		return NULL;
	return &action_table[a - 1];
}

enum action
action_by_name(const char *name)
{
	for (int i = 0; i < action_table_len; i++)
		if (str_eq(action_table[i].name, name))
			return action_table[i].id;
	return ACT_NONE;
}
