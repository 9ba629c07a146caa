package dev.vmm.intercept.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BurstMailboxTest {

  @Nested
  class Delivery {
    @Test
    void everyItemIsTakenOnceInEachPostersOrderAndABurstEndsAfterTheLast() throws Exception {
      ExecutorService loop = Executors.newSingleThreadExecutor();
      List<String> taken = new ArrayList<>();
      List<Integer> takenAtBurstEnd = new ArrayList<>();
      BurstMailbox<String> mailbox = new BurstMailbox<>(taken::add,
          () -> takenAtBurstEnd.add(taken.size()), item -> { });
      int posters = 4;
      int perPoster = 10_000;
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < posters; p++) {
        int poster = p;
        threads.add(Thread.ofPlatform().start(() -> {
          for (int i = 0; i < perPoster; i++) {
            mailbox.post(poster + ":" + i, loop);
          }
        }));
      }
      for (Thread thread : threads) {
        thread.join();
      }
      loop.shutdown();
      assertThat(loop.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

      assertThat(taken).hasSize(posters * perPoster).doesNotHaveDuplicates();
      for (int p = 0; p < posters; p++) {
        String prefix = p + ":";
        List<String> own = taken.stream().filter(item -> item.startsWith(prefix)).toList();
        for (int i = 0; i < perPoster; i++) {
          assertThat(own.get(i)).isEqualTo(prefix + i);
        }
      }
      assertThat(takenAtBurstEnd).isNotEmpty().endsWith(posters * perPoster);
    }
  }

  @Nested
  class RefusingExecutor {
    @Test
    void abandonsTheItemsOnThePostingThread() {
      ExecutorService stopped = Executors.newSingleThreadExecutor();
      stopped.shutdown();
      List<String> abandoned = new CopyOnWriteArrayList<>();
      BurstMailbox<String> mailbox = new BurstMailbox<>(item -> { }, () -> { }, abandoned::add);

      mailbox.post("a", stopped);
      mailbox.post("b", stopped);

      assertThat(abandoned).containsExactly("a", "b");
    }
  }
}
