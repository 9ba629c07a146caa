// String and stdio: printf of integers, floats and strings with widths and flags, snprintf's
// truncation and return value, sscanf, strtod/strtol and the string functions.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  printf("[%d] [%5d] [%-5d] [%05d] [%+d] [%x] [%#o] [%lu]\n", -42, 42, 42, 42, 42, 255u, 8u,
         18446744073709551615ul);
  printf("[%lld] [%hhd] [%hd] [%c]\n", -9223372036854775807ll - 1, (signed char) 200,
         (short) 70000, 'z');
  printf("[%f] [%.3f] [%e] [%g] [%g] [%10.4f] [%-10.2e]\n", 3.14159265358979, 2.0 / 3.0,
         6.02214076e23, 1e-10, 123456789.0, -1.5, 1234.5678);
  printf("[%a] [%.0f] [%.0f] [%f] [%f]\n", 1.0, 0.5, 1.5, 1.0 / 0.0, -0.0);
  printf("[%s] [%10s] [%-10s] [%.3s]\n", "plain", "right", "left", "truncated");

  char buffer[16];
#pragma GCC diagnostic ignored "-Wformat-truncation" // the truncation is what is tested
  int wanted = snprintf(buffer, sizeof buffer, "%s-%d-%s", "snprintf", 12345, "overflow");
  printf("snprintf wanted %d, kept \"%s\" (%zu)\n", wanted, buffer, strlen(buffer));

  int day, year;
  char month[16];
  double ratio;
  int fields = sscanf("25 November 2026 0.125", "%d %15s %d %lf", &day, month, &year, &ratio);
  printf("sscanf %d fields: %d %s %d %.4f\n", fields, day, month, year, ratio);

  const char *numbers[] = {"3.5", "-2.5e-3", "1e308", "0x1.8p1", "  42abc", "nan", "inf"};
  for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
    char *end;
    double value = strtod(numbers[i], &end);
    printf("strtod(\"%s\") = %.17g, rest \"%s\"\n", numbers[i], value, end);
  }
  printf("strtol: %ld %ld %lu\n", strtol("-0x7f", NULL, 16), strtol("0777", NULL, 0),
         strtoul("18446744073709551615", NULL, 10));

  char text[64] = "the quick brown fox";
  strcat(text, " jumps");
  printf("strlen %zu, strchr \"%s\", strrchr \"%s\", strstr \"%s\"\n", strlen(text),
         strchr(text, 'q'), strrchr(text, 'o'), strstr(text, "brown"));
  printf("strcmp %d %d %d, memcmp %d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0,
         strcmp("same", "same"), memcmp("\x01\x02", "\x01\x03", 2) < 0);
  char *token = strtok(text, " ");
  int count = 0;
  while (token != NULL) {
    printf("%s%s", count++ ? "," : "tokens: ", token);
    token = strtok(NULL, " ");
  }
  printf("\n");
  return 7;
}
