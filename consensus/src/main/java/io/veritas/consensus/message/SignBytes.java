package io.veritas.consensus.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The canonical, domain-separated bytes a validator signs. Fixed layout, all integers big-endian:
 * <pre>
 * vote:     "veritas-vote-v1"     ‖ chainId u64 ‖ type u8 (1 prevote, 2 precommit) ‖ height u64 ‖ round u32
 *           ‖ blockId (0x00 for nil | 0x01 ‖ 32-byte hash)
 * proposal: "veritas-proposal-v1" ‖ chainId u64 ‖ height u64 ‖ round u32 ‖ validRound i32 (−1 = none)
 *           ‖ blockId (0x01 ‖ 32-byte hash)
 * </pre>
 * The prefixes differ in content and length, so a vote signature can never pass as a proposal signature or a
 * signature for another chain, and neither can be a transaction signature (those hash an RLP list).
 */
public final class SignBytes {

    public static final byte[] VOTE_DOMAIN = "veritas-vote-v1".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] PROPOSAL_DOMAIN = "veritas-proposal-v1".getBytes(StandardCharsets.US_ASCII);

    private SignBytes() {}

    public static byte[] vote(long chainId, VoteType type, long height, int round, BlockId blockId) {
        ByteBuffer out = ByteBuffer.allocate(VOTE_DOMAIN.length + 8 + 1 + 8 + 4 + blockId.encodedLength());
        out.put(VOTE_DOMAIN).putLong(chainId).put(type.code()).putLong(height).putInt(round);
        blockId.writeTo(out);
        return out.array();
    }

    public static byte[] proposal(long chainId, long height, int round, BlockId blockId, int validRound) {
        ByteBuffer out = ByteBuffer.allocate(PROPOSAL_DOMAIN.length + 8 + 8 + 4 + 4 + blockId.encodedLength());
        out.put(PROPOSAL_DOMAIN).putLong(chainId).putLong(height).putInt(round).putInt(validRound);
        blockId.writeTo(out);
        return out.array();
    }
}
