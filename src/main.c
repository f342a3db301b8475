#include "config.h"

#include <locale.h>

#include "lanes/cli.h"

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	return cli_main(argc, argv);
}
