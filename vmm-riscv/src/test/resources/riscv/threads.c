// pthreads: 4 workers share a mutex-protected queue of work items handed out through a condition
// variable, bump a C11 atomic counter, and are joined; the output depends only on the work.
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define WORKERS 4
#define ITEMS 400

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static int next_item;      // next item to hand out, under lock
static int published;      // items the producer made available, under lock
static long sum;           // sum of the squares of all items, under lock
static atomic_long counter;
static long per_worker[WORKERS];

static void *worker(void *arg) {
  long id = (long) arg;
  for (;;) {
    pthread_mutex_lock(&lock);
    while (next_item >= published && published < ITEMS) {
      pthread_cond_wait(&ready, &lock);
    }
    if (next_item >= ITEMS) {
      pthread_mutex_unlock(&lock);
      return (void *) (id * 1000);
    }
    long item = next_item++;
    sum += item * item;
    pthread_mutex_unlock(&lock);
    atomic_fetch_add(&counter, item);
    per_worker[id]++;
  }
}

int main(void) {
  pthread_t threads[WORKERS];
  for (long i = 0; i < WORKERS; i++) {
    if (pthread_create(&threads[i], NULL, worker, (void *) i) != 0) {
      puts("pthread_create failed");
      return 1;
    }
  }
  for (int batch = 0; batch < ITEMS; batch += 25) {
    pthread_mutex_lock(&lock);
    published = batch + 25;
    pthread_cond_broadcast(&ready);
    pthread_mutex_unlock(&lock);
  }
  long joined = 0;
  long handled = 0;
  for (int i = 0; i < WORKERS; i++) {
    void *result;
    pthread_join(threads[i], &result);
    joined += (long) result;
    handled += per_worker[i];
  }
  printf("sum of squares %ld\n", sum);
  printf("atomic counter %ld\n", atomic_load(&counter));
  printf("items handled %ld, join results %ld\n", handled, joined);
  return 0;
}
