package dev.kinetic.registry;

import dev.kinetic.platform.store.JsonDocument;
import dev.kinetic.platform.store.ObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every move of a model's champion alias, oldest first, at {@code
 * state/registry/<model>/champions.json}. Promotions push a version and rollbacks pop one, so the
 * version a rollback returns to is the one below the current on that stack; every version that was
 * ever champion is kept from archiving.
 */
final class ChampionHistory {

  enum Kind {
    promoted,
    rolledback
  }

  record Move(Kind kind, String version, Instant at, String reason) {}

  record Moves(List<Move> moves) {

    /** The champions still standing, bottom first: promotions minus what rollbacks withdrew. */
    List<String> stack() {
      List<String> stack = new ArrayList<>();
      for (Move move : moves) {
        if (move.kind() == Kind.promoted) {
          stack.add(move.version());
        } else if (!stack.isEmpty()) {
          stack.removeLast();
        }
      }
      return stack;
    }

    List<String> everChampion() {
      return moves.stream()
          .filter(move -> move.kind() == Kind.promoted)
          .map(Move::version)
          .distinct()
          .toList();
    }
  }

  private final ObjectStore store;

  ChampionHistory(ObjectStore store) {
    this.store = store;
  }

  private JsonDocument<Moves> document(String model) {
    return new JsonDocument<>(
        store,
        "state/registry/" + model + "/champions.json",
        Moves.class,
        () -> new Moves(List.of()));
  }

  Moves read(String model) {
    return document(model).read();
  }

  /** Appends a move, retrying if another writer appended first. */
  void append(String model, Move move) {
    document(model)
        .update(
            moves -> {
              List<Move> next = new ArrayList<>(moves.moves());
              next.add(move);
              return new Moves(next);
            });
  }
}
