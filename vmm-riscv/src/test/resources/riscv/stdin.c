// Reads stdin to the end: counts lines, words and bytes, sums the numbers it finds, and echoes
// each line upper-cased with its number, so the differential test sees every byte arrive.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  char line[256];
  long lines = 0, words = 0, bytes = 0;
  double total = 0;
  while (fgets(line, sizeof line, stdin) != NULL) {
    lines++;
    bytes += (long) strlen(line);
    for (char *p = strtok(line, " \t\n"); p != NULL; p = strtok(NULL, " \t\n")) {
      words++;
      char *end;
      double value = strtod(p, &end);
      if (end != p && *end == '\0') {
        total += value;
      }
      for (char *c = p; *c; c++) {
        *c = (char) toupper((unsigned char) *c);
      }
      printf("%ld:%s ", lines, p);
    }
    printf("\n");
  }
  printf("%ld lines, %ld words, %ld bytes, numbers sum to %.3f\n", lines, words, bytes, total);
  return lines > 0 ? 0 : 1;
}
