// Use after free: a session is closed (freed) and then its user name is read through a stale
// pointer. On ordinary hardware this prints whatever the allocator left there; vmm stops at the
// load and names the allocation, where it was allocated and where it was freed.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct session {
  char user[24];
  int logins;
};

__attribute__((noinline)) static struct session *open_session(const char *user) {
  struct session *s = calloc(1, sizeof *s);
  strncpy(s->user, user, sizeof s->user - 1);
  s->logins = 1;
  return s;
}

__attribute__((noinline)) static void close_session(struct session *s) {
  free(s);
}

__attribute__((noinline)) static int logins_of(const struct session *s) {
  return s->logins;
}

int main(void) {
  struct session *s = open_session("ada");
  printf("%s logged in %d time(s)\n", s->user, logins_of(s));
  close_session(s);
  printf("after close: %d\n", logins_of(s));
  return 0;
}
