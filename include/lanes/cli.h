/* The command line: options, the scripting commands (which never start
 * curses) and the usage text. */
#ifndef LANES_CLI_H
#define LANES_CLI_H

enum { EXIT_OK = 0, EXIT_ERR = 1, EXIT_USAGE = 2, EXIT_PENDING = 3 };

/* Runs lanes with these arguments; returns the exit status. */
int cli_main(int argc, char **argv);

#endif
