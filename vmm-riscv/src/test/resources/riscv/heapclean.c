// A correct program that works its heap hard: a growing vector through realloc, strings of
// every length (strdup, strlen, strcmp, memcpy: glibc's word-at-a-time routines read whole
// aligned words past a string's end, which the memory must allow), calloc'd tables, aligned
// blocks, qsort of heap pointers, and a linked list built and torn down. It frees everything, so a
// run on the tagged heap must report nothing, and print exactly what qemu prints.
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
  struct node *next;
  char *word;
};

static unsigned long state = 12345;

static unsigned long next_random(void) {
  state = state * 6364136223846793005UL + 1442695040888963407UL;
  return state >> 33;
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *random_word(void) {
  size_t length = 1 + next_random() % 23;
  char buffer[32];
  for (size_t i = 0; i < length; i++) {
    buffer[i] = (char)('a' + next_random() % 26);
  }
  buffer[length] = '\0';
  return strdup(buffer);
}

int main(void) {
  // A vector grown one element at a time.
  size_t capacity = 1, count = 0;
  long *vector = malloc(capacity * sizeof *vector);
  for (long i = 0; i < 5000; i++) {
    if (count == capacity) {
      capacity = capacity * 3 / 2 + 1;
      vector = realloc(vector, capacity * sizeof *vector);
    }
    vector[count++] = i * i;
  }
  long sum = 0;
  for (size_t i = 0; i < count; i++) {
    sum += vector[i];
  }
  printf("vector: %zu elements, capacity %zu, sum %ld\n", count, capacity, sum);
  vector = realloc(vector, 10 * sizeof *vector); // shrink
  printf("after shrink: %ld %ld\n", vector[0], vector[9]);
  free(vector);

  // Strings of every length, sorted.
  enum { WORDS = 400 };
  char **words = calloc(WORDS, sizeof *words);
  size_t total = 0;
  for (int i = 0; i < WORDS; i++) {
    words[i] = random_word();
    total += strlen(words[i]);
  }
  qsort(words, WORDS, sizeof *words, compare_strings);
  printf("words: %d, %zu letters, first %s, last %s\n", WORDS, total, words[0], words[WORDS - 1]);

  // Concatenate them all into one growing string.
  size_t used = 0;
  char *all = NULL;
  for (int i = 0; i < WORDS; i++) {
    size_t length = strlen(words[i]);
    all = realloc(all, used + length + 1);
    memcpy(all + used, words[i], length + 1);
    used += length;
  }
  printf("joined: %zu chars, checksum %lu\n", strlen(all), (unsigned long)(all[used / 2] * 7919));
  free(all);

  // A linked list of copies, torn down.
  struct node *head = NULL;
  for (int i = 0; i < WORDS; i += 3) {
    struct node *n = malloc(sizeof *n);
    n->word = strdup(words[i]);
    n->next = head;
    head = n;
  }
  int listed = 0;
  while (head != NULL) {
    struct node *n = head;
    head = n->next;
    listed += (int)strlen(n->word) > 5;
    free(n->word);
    free(n);
  }
  printf("list: %d long words\n", listed);
  for (int i = 0; i < WORDS; i++) {
    free(words[i]);
  }
  free(words);

  // Aligned blocks.
  void *a = aligned_alloc(64, 640);
  void *m = memalign(256, 100);
  void *p = NULL;
  int rc = posix_memalign(&p, 128, 333);
  memset(a, 1, 640);
  memset(m, 2, 100);
  memset(p, 3, 333);
  printf("aligned: %d %d %d rc %d usable %d\n", (int)((uintptr_t)a % 64),
      (int)((uintptr_t)m % 256), (int)((uintptr_t)p % 128), rc, malloc_usable_size(p) >= 333);
  free(a);
  free(m);
  free(p);

  // Churn: many short-lived blocks of random sizes.
  void *slots[64] = {0};
  unsigned long bytes = 0;
  for (int i = 0; i < 20000; i++) {
    int k = (int)(next_random() % 64);
    free(slots[k]);
    size_t size = next_random() % 300;
    slots[k] = malloc(size);
    memset(slots[k], k, size);
    bytes += size;
  }
  for (int k = 0; k < 64; k++) {
    free(slots[k]);
  }
  printf("churn: %lu bytes\n", bytes);
  return 0;
}
