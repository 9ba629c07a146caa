// A clean program: builds a small linked list on the heap, prints it, frees every node.
// `vmm run examples/hello` prints the list and exits 0 with no report.
#include <stdio.h>
#include <stdlib.h>

struct node {
  int value;
  struct node *next;
};

static struct node *push(struct node *head, int value) {
  struct node *node = malloc(sizeof *node);
  if (node == NULL) {
    exit(2);
  }
  node->value = value;
  node->next = head;
  return node;
}

int main(void) {
  struct node *list = NULL;
  for (int i = 1; i <= 5; i++) {
    list = push(list, i * i);
  }
  for (struct node *n = list; n != NULL; n = n->next) {
    printf("%d%s", n->value, n->next ? " -> " : "\n");
  }
  while (list != NULL) {
    struct node *next = list->next;
    free(list);
    list = next;
  }
  return 0;
}
