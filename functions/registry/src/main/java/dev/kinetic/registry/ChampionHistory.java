package dev.kinetic.registry;

import dev.kinetic.contracts.Json;
import dev.kinetic.platform.store.ObjectContent;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.store.PreconditionFailedException;
import dev.kinetic.platform.store.WriteCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

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

  private static String key(String model) {
    return "state/registry/" + model + "/champions.json";
  }

  Moves read(String model) {
    return store
        .get(key(model))
        .map(object -> Json.MAPPER.readValue(object.readAllBytes(), Moves.class))
        .orElse(new Moves(List.of()));
  }

  /** Appends a move, retrying if another writer appended first. */
  void append(String model, Move move) {
    update(
        model,
        moves -> {
          List<Move> next = new ArrayList<>(moves.moves());
          next.add(move);
          return new Moves(next);
        });
  }

  private void update(String model, UnaryOperator<Moves> change) {
    for (int attempt = 0; attempt < 10; attempt++) {
      Optional<dev.kinetic.platform.store.StoredObject> current = store.get(key(model));
      Moves moves;
      WriteCondition condition;
      if (current.isPresent()) {
        try (var object = current.get()) {
          moves = Json.MAPPER.readValue(object.readAllBytes(), Moves.class);
          condition = WriteCondition.ifMatch(object.info().etag());
        }
      } else {
        moves = new Moves(List.of());
        condition = WriteCondition.ifAbsent();
      }
      try {
        store.put(
            key(model),
            ObjectContent.of(Json.MAPPER.writeValueAsBytes(change.apply(moves))),
            condition);
        return;
      } catch (PreconditionFailedException concurrentWriter) {
        // read again and reapply
      }
    }
    throw new IllegalStateException("the champion history of " + model + " is too contended");
  }
}
