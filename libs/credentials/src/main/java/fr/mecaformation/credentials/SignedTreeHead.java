package fr.mecaformation.credentials;

import java.time.Instant;

/** The log at one size, as the platform signed it: size, root hash, when, and the compact JWS over those three. */
public record SignedTreeHead(long treeSize, byte[] rootHash, Instant timestamp, String signature) {
}
