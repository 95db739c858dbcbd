package dev.kinetic.contracts;

/** An event whose data is larger than the receiver accepts; HTTP receivers answer 413. */
public class OversizeEventException extends InvalidEventException {

  private static final long serialVersionUID = 1L;

  public OversizeEventException(long size, long limit) {
    super("data", size + " bytes exceeds the limit of " + limit + " bytes");
  }
}
