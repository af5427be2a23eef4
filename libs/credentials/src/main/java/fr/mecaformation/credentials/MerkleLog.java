package fr.mecaformation.credentials;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The certificate log's hashing, proofs and proof checks, as Certificate Transparency defines them (RFC 9162 §2.1):
 * a leaf hashes as SHA-256(0x00 ‖ data), an interior node as SHA-256(0x01 ‖ left ‖ right), and a tree of n leaves
 * splits at the largest power of two below n. Different prefixes for leaves and nodes mean no leaf can pass for a
 * subtree. Proofs are built from the leaf hashes; checks need only the proof and the signed roots.
 */
public final class MerkleLog {

    public static final int HASH_LENGTH = 32;

    private MerkleLog() {
    }

    public static byte[] sha256(byte[] data) {
        return digest().digest(data);
    }

    public static byte[] leafHash(byte[] data) {
        MessageDigest sha = digest();
        sha.update((byte) 0x00);
        sha.update(data);
        return sha.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = digest();
        sha.update((byte) 0x01);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** MTH(D[n]) over leaf hashes (already {@link #leafHash}ed); the empty tree's root is SHA-256 of nothing. */
    public static byte[] root(List<byte[]> leafHashes) {
        return leafHashes.isEmpty() ? sha256(new byte[0]) : subtree(leafHashes, 0, leafHashes.size());
    }

    private static byte[] subtree(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = largestPowerOfTwoBelow(n);
        return nodeHash(subtree(leaves, from, from + k), subtree(leaves, from + k, to));
    }

    /** PATH(m, D[n]): the audit path of leaf {@code index} in the tree of all {@code leafHashes}, from leaf to root. */
    public static List<byte[]> inclusionProof(int index, List<byte[]> leafHashes) {
        if (index < 0 || index >= leafHashes.size()) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + leafHashes.size());
        }
        List<byte[]> path = new ArrayList<>();
        path(index, leafHashes, 0, leafHashes.size(), path);
        return path;
    }

    private static void path(int m, List<byte[]> leaves, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n <= 1) {
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, leaves, from, from + k, out);
            out.add(subtree(leaves, from + k, to));
        } else {
            path(m - k, leaves, from + k, to, out);
            out.add(subtree(leaves, from, from + k));
        }
    }

    /** PROOF(m, D[n]): that the tree of the first {@code firstSize} leaves is a prefix of the tree of all of them. */
    public static List<byte[]> consistencyProof(int firstSize, List<byte[]> leafHashes) {
        if (firstSize < 1 || firstSize > leafHashes.size()) {
            throw new IllegalArgumentException("no consistency proof from " + firstSize + " to " + leafHashes.size());
        }
        List<byte[]> proof = new ArrayList<>();
        subproof(firstSize, leafHashes, 0, leafHashes.size(), true, proof);
        return proof;
    }

    private static void subproof(int m, List<byte[]> leaves, int from, int to, boolean complete, List<byte[]> out) {
        int n = to - from;
        if (m == n) {
            if (!complete) {
                out.add(subtree(leaves, from, to));
            }
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, leaves, from, from + k, complete, out);
            out.add(subtree(leaves, from + k, to));
        } else {
            subproof(m - k, leaves, from + k, to, false, out);
            out.add(subtree(leaves, from, from + k));
        }
    }

    /** RFC 9162 §2.1.3.2: does {@code proof} lead from this leaf hash to {@code root} in a tree of {@code treeSize}? */
    public static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (leafIndex < 0 || leafIndex >= treeSize || leafHash == null || root == null) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0 || p == null || p.length != HASH_LENGTH) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /** RFC 9162 §2.1.4.2: is the tree of {@code firstSize} with {@code firstRoot} a prefix of the second one? */
    public static boolean verifyConsistency(long firstSize, long secondSize, byte[] firstRoot, byte[] secondRoot,
                                            List<byte[]> proof) {
        if (firstSize < 1 || firstSize > secondSize || firstRoot == null || secondRoot == null) {
            return false;
        }
        if (firstSize == secondSize) {
            return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (path.isEmpty() || path.stream().anyMatch(p -> p == null || p.length != HASH_LENGTH)) {
            return false;
        }
        if (Long.bitCount(firstSize) == 1) {
            // first is a complete subtree: it is the first node of the path the proof leaves implicit
            path.add(0, firstRoot);
        }
        long fn = firstSize - 1;
        long sn = secondSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
    }

    /**
     * Where node-based proofs read the log: the stored root of the perfect subtree of {@code height} whose leaves
     * start at {@code index << height} (height 0: the leaf hashes themselves).
     */
    @FunctionalInterface
    public interface Nodes {
        byte[] node(int height, long index);
    }

    /** A stored node: the root of the perfect subtree of leaves {@code [index << height, (index + 1) << height)}. */
    public record Node(int height, long index, byte[] hash) {
    }

    /**
     * The stored nodes a proof will read, in the order it reads them: a dry run of the proof that records what it
     * asks for. There are O(log n) of them (every subtree a proof needs is a stored perfect node or a right edge made
     * of the tree's O(log n) frontier nodes), so a store answers them in one indexed query.
     */
    public static List<long[]> nodesRead(java.util.function.Consumer<Nodes> proof) {
        java.util.LinkedHashMap<String, long[]> keys = new java.util.LinkedHashMap<>();
        proof.accept((height, index) -> {
            keys.putIfAbsent(height + ":" + index, new long[] {height, index});
            return new byte[HASH_LENGTH];
        });
        return List.copyOf(keys.values());
    }

    /** PATH(m, D[n]) from stored nodes: the same audit path as {@link #inclusionProof(int, List)}, in O(log n) reads. */
    public static List<byte[]> inclusionProof(long index, long treeSize, Nodes nodes) {
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + treeSize);
        }
        List<byte[]> path = new ArrayList<>();
        path(index, 0, treeSize, nodes, path);
        return path;
    }

    private static void path(long m, long from, long to, Nodes nodes, List<byte[]> out) {
        long n = to - from;
        if (n <= 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, from, from + k, nodes, out);
            out.add(subtree(from + k, to, nodes));
        } else {
            path(m - k, from + k, to, nodes, out);
            out.add(subtree(from, from + k, nodes));
        }
    }

    /** PROOF(m, D[n]) from stored nodes: the same proof as {@link #consistencyProof(int, List)}, in O(log n) reads. */
    public static List<byte[]> consistencyProof(long firstSize, long treeSize, Nodes nodes) {
        if (firstSize < 1 || firstSize > treeSize) {
            throw new IllegalArgumentException("no consistency proof from " + firstSize + " to " + treeSize);
        }
        List<byte[]> proof = new ArrayList<>();
        subproof(firstSize, 0, treeSize, true, nodes, proof);
        return proof;
    }

    private static void subproof(long m, long from, long to, boolean complete, Nodes nodes, List<byte[]> out) {
        long n = to - from;
        if (m == n) {
            if (!complete) {
                out.add(subtree(from, to, nodes));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, from, from + k, complete, nodes, out);
            out.add(subtree(from + k, to, nodes));
        } else {
            subproof(m - k, from + k, to, false, nodes, out);
            out.add(subtree(from, from + k, nodes));
        }
    }

    /**
     * MTH of leaves [from, to): one stored node when the range is a perfect subtree (in RFC 9162's splits it is then
     * always aligned on its size), otherwise its split, whose left half is perfect and whose right half is the edge.
     */
    private static byte[] subtree(long from, long to, Nodes nodes) {
        long n = to - from;
        if (Long.bitCount(n) == 1) {
            int height = Long.numberOfTrailingZeros(n);
            return nodes.node(height, from >> height);
        }
        long k = largestPowerOfTwoBelow(n);
        return nodeHash(subtree(from, from + k, nodes), subtree(from + k, to, nodes));
    }

    private static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    /**
     * The right edge of a log: the roots of its perfect subtrees, one per bit set in its size (index = height). It is
     * enough to append a leaf and compute the new root in O(log n), without reading the leaves back.
     */
    public record Frontier(long size, List<byte[]> byHeight) {

        public Frontier {
            byHeight = List.copyOf(byHeight.stream().map(h -> h == null ? new byte[0] : h).toList());
        }

        public static Frontier empty() {
            return new Frontier(0, List.of());
        }

        /**
         * The nodes appending this leaf completes, to store: the leaf itself (height 0, index {@code size}) and every
         * perfect subtree it closes, up to the carry's height.
         */
        public List<Node> completedBy(byte[] leafHash) {
            List<Node> completed = new ArrayList<>();
            byte[] carry = leafHash;
            int height = 0;
            completed.add(new Node(0, size, leafHash));
            while (((size >> height) & 1) == 1) {
                carry = nodeHash(byHeight.get(height), carry);
                height++;
                completed.add(new Node(height, size >> height, carry));
            }
            return completed;
        }

        public Frontier append(byte[] leafHash) {
            List<byte[]> next = new ArrayList<>(byHeight);
            byte[] carry = leafHash;
            int height = 0;
            while (((size >> height) & 1) == 1) {
                carry = nodeHash(next.get(height), carry);
                next.set(height, new byte[0]);
                height++;
            }
            while (next.size() <= height) {
                next.add(new byte[0]);
            }
            next.set(height, carry);
            return new Frontier(size + 1, next);
        }

        /** MTH of the whole log: its perfect subtrees folded from the smallest (rightmost) to the largest. */
        public byte[] root() {
            byte[] root = null;
            for (int height = 0; height < byHeight.size(); height++) {
                if (((size >> height) & 1) == 1) {
                    root = root == null ? byHeight.get(height) : nodeHash(byHeight.get(height), root);
                }
            }
            return root == null ? sha256(new byte[0]) : root;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Frontier that && size == that.size && byHeight.size() == that.byHeight.size()
                    && java.util.stream.IntStream.range(0, byHeight.size())
                    .allMatch(i -> Arrays.equals(byHeight.get(i), that.byHeight.get(i)));
        }

        @Override
        public int hashCode() {
            return Long.hashCode(size);
        }
    }

    private static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
