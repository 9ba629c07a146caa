// A chained hash table of malloc'd string keys: inserts, updates, lookups and deletions, with a
// resize, checked against counts the program knows; prints what a correct table must hold.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
  char *key;
  long value;
  struct entry *next;
};

struct table {
  struct entry **buckets;
  size_t bucket_count;
  size_t size;
};

static unsigned long hash(const char *key) {
  unsigned long h = 14695981039346656037ul;
  for (; *key; key++) {
    h = (h ^ (unsigned char) *key) * 1099511628211ul;
  }
  return h;
}

static void resize(struct table *t, size_t bucket_count) {
  struct entry **buckets = calloc(bucket_count, sizeof *buckets);
  for (size_t i = 0; i < t->bucket_count; i++) {
    struct entry *e = t->buckets[i];
    while (e != NULL) {
      struct entry *next = e->next;
      size_t b = hash(e->key) % bucket_count;
      e->next = buckets[b];
      buckets[b] = e;
      e = next;
    }
  }
  free(t->buckets);
  t->buckets = buckets;
  t->bucket_count = bucket_count;
}

static void put(struct table *t, const char *key, long value) {
  size_t b = hash(key) % t->bucket_count;
  for (struct entry *e = t->buckets[b]; e != NULL; e = e->next) {
    if (strcmp(e->key, key) == 0) {
      e->value = value;
      return;
    }
  }
  struct entry *e = malloc(sizeof *e);
  e->key = strdup(key);
  e->value = value;
  e->next = t->buckets[b];
  t->buckets[b] = e;
  if (++t->size > t->bucket_count * 2) {
    resize(t, t->bucket_count * 2 + 1);
  }
}

static struct entry *get(struct table *t, const char *key) {
  for (struct entry *e = t->buckets[hash(key) % t->bucket_count]; e != NULL; e = e->next) {
    if (strcmp(e->key, key) == 0) {
      return e;
    }
  }
  return NULL;
}

static int removeKey(struct table *t, const char *key) {
  struct entry **link = &t->buckets[hash(key) % t->bucket_count];
  for (; *link != NULL; link = &(*link)->next) {
    if (strcmp((*link)->key, key) == 0) {
      struct entry *gone = *link;
      *link = gone->next;
      free(gone->key);
      free(gone);
      t->size--;
      return 1;
    }
  }
  return 0;
}

int main(void) {
  struct table t = {calloc(7, sizeof(struct entry *)), 7, 0};
  char key[32];
  for (long i = 0; i < 5000; i++) {
    snprintf(key, sizeof key, "key-%ld", i * 7919 % 10007);
    put(&t, key, i);
  }
  for (long i = 0; i < 5000; i += 3) {
    snprintf(key, sizeof key, "key-%ld", i * 7919 % 10007);
    put(&t, key, -i);
  }
  int removed = 0;
  for (long i = 0; i < 5000; i += 5) {
    snprintf(key, sizeof key, "key-%ld", i * 7919 % 10007);
    removed += removeKey(&t, key);
  }
  long sum = 0;
  int found = 0;
  for (long i = 0; i < 10007; i++) {
    snprintf(key, sizeof key, "key-%ld", i);
    struct entry *e = get(&t, key);
    if (e != NULL) {
      found++;
      sum += e->value;
    }
  }
  size_t longest = 0;
  for (size_t b = 0; b < t.bucket_count; b++) {
    size_t length = 0;
    for (struct entry *e = t.buckets[b]; e != NULL; e = e->next) {
      length++;
    }
    longest = length > longest ? length : longest;
  }
  printf("size %zu, buckets %zu, removed %d, found %d, sum %ld, longest chain %zu\n", t.size,
         t.bucket_count, removed, found, sum, longest);
  return found == (int) t.size ? 0 : 1;
}
