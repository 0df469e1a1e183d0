package io.veritas.chain.p2p.multistream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The multistream-select 1.0 state machine for one side of one negotiation, free of I/O: feed it the peer's
 * messages, send what it returns. The dialer proposes its protocols in order (pipelining the header with the
 * first proposal, as the spec allows); the listener accepts the first proposal it supports and answers
 * {@code na} otherwise.
 */
public final class MultistreamNegotiator {
  public static final String PROTOCOL_ID = "/multistream/1.0.0";
  public static final String NA = "na";
  public static final String LS = "ls";
  /** A listener gives up after this many refused proposals, so a peer cannot keep it busy forever. */
  public static final int MAX_PROPOSALS = 32;

  /** What to send next and, once agreed, the selected protocol. */
  public record Step(List<String> send, String selected) {
    public boolean done() {
      return selected != null;
    }
  }

  private final boolean dialer;
  private final List<String> proposals;
  private final Predicate<String> supported;
  private boolean headerReceived;
  private int next;
  private int refused;
  private String selected;

  private MultistreamNegotiator(boolean dialer, List<String> proposals, Predicate<String> supported) {
    this.dialer = dialer;
    this.proposals = proposals;
    this.supported = supported;
  }

  public static MultistreamNegotiator dialer(List<String> protocols) {
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("a dialer needs at least one protocol to propose");
    }
    return new MultistreamNegotiator(true, List.copyOf(protocols), p -> false);
  }

  public static MultistreamNegotiator listener(Predicate<String> supported) {
    return new MultistreamNegotiator(false, List.of(), supported);
  }

  /** Messages to send as soon as the stream opens. */
  public List<String> start() {
    if (dialer) {
      next = 1;
      return List.of(PROTOCOL_ID, proposals.get(0));
    }
    return List.of(PROTOCOL_ID);
  }

  public Step onMessage(String message) {
    if (selected != null) {
      throw new NegotiationException("negotiation already finished with " + selected);
    }
    if (!headerReceived) {
      if (!PROTOCOL_ID.equals(message)) {
        throw new NegotiationException("expected multistream header " + PROTOCOL_ID + ", got '" + abbreviate(message) + "'");
      }
      headerReceived = true;
      return new Step(List.of(), null);
    }
    return dialer ? dialerResponse(message) : listenerProposal(message);
  }

  private Step dialerResponse(String message) {
    String current = proposals.get(next - 1);
    if (message.equals(current)) {
      selected = current;
      return new Step(List.of(), current);
    }
    if (!NA.equals(message)) {
      throw new NegotiationException("peer answered '" + abbreviate(message) + "' to our proposal " + current);
    }
    if (next >= proposals.size()) {
      throw new NegotiationException("peer supports none of " + proposals);
    }
    return new Step(List.of(proposals.get(next++)), null);
  }

  private Step listenerProposal(String message) {
    if (!LS.equals(message) && supported.test(message)) {
      selected = message;
      return new Step(List.of(message), message);
    }
    if (++refused > MAX_PROPOSALS) {
      throw new NegotiationException("peer made more than " + MAX_PROPOSALS + " unsupported proposals");
    }
    return new Step(new ArrayList<>(List.of(NA)), null);
  }

  private static String abbreviate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }
}
