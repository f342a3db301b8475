/* lanes with the toy services besides Asana: every screen and command of
 * the real program, with services built in the test tree (toy.h). */
#include "config.h"

#include <locale.h>

#include "lanes/backend.h"
#include "lanes/cli.h"
#include "toy.h"

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	backend_register(&toy_backend);
	backend_register(&deep_backend);
	backend_register(&flat_backend);
	return cli_main(argc, argv);
}
