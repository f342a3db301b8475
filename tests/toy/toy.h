/* The toy services of the tests: "toy" (toy.c), served by
 * tests/fakes/toy.py; "deep" and "flat" (offline.c), which answer from a
 * fixed tree without a network. */
#ifndef LANES_TEST_TOY_H
#define LANES_TEST_TOY_H

#include "lanes/backend.h"

extern const struct backend_ops toy_backend, deep_backend, flat_backend;

#endif
