// File I/O inside the directory the host confines the program to (run it from an empty
// directory: every path is relative). Creates, writes, appends, seeks, reads back, lists, stats
// and removes files and a directory, and prints what the errors are called.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *) a, *(char *const *) b);
}

static void list(const char *path) {
  DIR *dir = opendir(path);
  if (dir == NULL) {
    printf("opendir %s: %s\n", path, strerror(errno));
    return;
  }
  char *names[64];
  int count = 0;
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL && count < 64) {
    names[count++] = strdup(entry->d_name);
  }
  closedir(dir);
  qsort(names, count, sizeof names[0], compare_names); // directory order is the host's
  printf("%s:", path);
  for (int i = 0; i < count; i++) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
}

int main(void) {
  if (mkdir("data", 0755) != 0) {
    printf("mkdir data: %s\n", strerror(errno));
    return 1;
  }
  printf("mkdir again: %s\n", mkdir("data", 0755) == 0 ? "ok" : strerror(errno));

  FILE *out = fopen("data/numbers.txt", "w");
  for (int i = 1; i <= 100; i++) {
    fprintf(out, "%d squared is %d\n", i, i * i);
  }
  fclose(out);
  FILE *log = fopen("data/numbers.txt", "a");
  fputs("appended line\n", log);
  fclose(log);

  struct stat st;
  stat("data/numbers.txt", &st);
  printf("size %lld, regular %d, directory %d\n", (long long) st.st_size, S_ISREG(st.st_mode),
         S_ISDIR(st.st_mode));
  stat("data", &st);
  printf("data is a directory: %d\n", S_ISDIR(st.st_mode));

  FILE *in = fopen("data/numbers.txt", "r");
  char line[128];
  long total = 0;
  int lines = 0;
  while (fgets(line, sizeof line, in) != NULL) {
    lines++;
    total += atoi(line);
  }
  printf("read %d lines, first numbers sum to %ld, last line: %s", lines, total, line);
  fseek(in, -14, SEEK_END);
  printf("ftell after seek %ld, reads: %s", ftell(in), fgets(line, sizeof line, in));
  fclose(in);

  FILE *edit = fopen("data/numbers.txt", "r+");
  fseek(edit, 0, SEEK_SET);
  fputs("X", edit);
  fclose(edit);

  int fd = open("data/raw.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
  char block[16];
  memset(block, 'a', sizeof block);
  printf("pwrite %zd\n", pwrite(fd, block, sizeof block, 100));
  printf("lseek end %ld\n", (long) lseek(fd, 0, SEEK_END));
  memset(block, 0, sizeof block);
  printf("pread %zd: %.4s, hole byte %d\n", pread(fd, block, 8, 98), block + 2, block[0]);
  printf("write %zd, offset now %ld\n", write(fd, "tail", 4), (long) lseek(fd, 0, SEEK_CUR));
  fstat(fd, &st);
  printf("fstat size %lld\n", (long long) st.st_size);
  close(fd);

  printf("exclusive create: %s\n",
         open("data/raw.bin", O_WRONLY | O_CREAT | O_EXCL, 0644) < 0 ? strerror(errno) : "ok");
  printf("missing file: %s\n", fopen("data/none.txt", "r") == NULL ? strerror(errno) : "ok");
  printf("read a directory: %s\n",
         read(open("data", O_RDONLY), block, 1) < 0 ? strerror(errno) : "ok");
  printf("close a bad fd: %s\n", close(99) < 0 ? strerror(errno) : "ok");

  in = fopen("data/numbers.txt", "r");
  printf("first line now: %s", fgets(line, sizeof line, in));
  fclose(in);

  FILE *tmp = fopen("data/a.txt", "w");
  fputs("rename me\n", tmp);
  fclose(tmp);
  printf("access a.txt: %d, b.txt: %s\n", access("data/a.txt", R_OK | W_OK),
         access("data/b.txt", F_OK) == 0 ? "exists" : strerror(errno));
  printf("rename: %d, then a.txt: %s\n", rename("data/a.txt", "data/b.txt"),
         access("data/a.txt", F_OK) == 0 ? "exists" : strerror(errno));
  printf("chdir: %d\n", chdir("data"));
  fd = open("b.txt", O_RDWR);
  printf("ftruncate: %d", ftruncate(fd, 6));
  fstat(fd, &st);
  printf(", size %lld\n", (long long) st.st_size);
  int copy = dup(fd);
  int fixed = dup2(fd, 10);
  char word[8] = {0};
  lseek(fd, 0, SEEK_SET);
  read(copy, word, 3);
  read(fixed, word + 3, 3);
  printf("dup %d and dup2 %d share the offset: \"%s\"\n", copy > fd, fixed, word);
  close(fd);
  close(copy);
  close(fixed);
  unlink("b.txt");
  printf("chdir back: %d\n", chdir(".."));

  mkdir("data/sub", 0755);
  list("data");
  printf("rmdir non-empty: %s\n", rmdir("data") == 0 ? "ok" : strerror(errno));
  printf("unlink a directory: %s\n", unlink("data/sub") == 0 ? "ok" : strerror(errno));
  unlink("data/numbers.txt");
  unlink("data/raw.bin");
  rmdir("data/sub");
  list("data");
  printf("rmdir: %s\n", rmdir("data") == 0 ? "ok" : strerror(errno));
  list(".");
  return 0;
}
