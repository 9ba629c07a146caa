// A heap bug on another thread than main's: a worker reads a block after freeing it. The tagged
// heap must catch it on the worker's hart, with the worker's function as the site.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static volatile long sink;

__attribute__((noinline)) static void *worker(void *arg) {
  long *block = malloc(8 * sizeof *block);
  block[0] = (long) arg;
  free(block);
  sink = block[0];
  return NULL;
}

int main(void) {
  pthread_t thread;
  printf("starting the worker\n");
  fflush(stdout);
  pthread_create(&thread, NULL, worker, (void *) 7);
  pthread_join(thread, NULL);
  printf("joined\n");
  return 0;
}
