package fr.mecaformation.credentials;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MerkleLogTest {

    private static final HexFormat HEX = HexFormat.of();

    /** The inputs and roots of RFC 6962's reference tests (certificate-transparency's merkle test data). */
    private static final List<String> INPUTS = List.of("", "00", "10", "2021", "3031", "40414243",
            "5051525354555657", "606162636465666768696a6b6c6d6e6f");
    private static final List<String> ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    private static List<byte[]> referenceLeaves(int n) {
        return INPUTS.subList(0, n).stream().map(HEX::parseHex).map(MerkleLog::leafHash).toList();
    }

    @Test
    void roots_match_the_reference_vectors_recursively_and_through_the_frontier() {
        assertThat(HEX.formatHex(MerkleLog.root(List.of())))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        MerkleLog.Frontier frontier = MerkleLog.Frontier.empty();
        for (int n = 1; n <= INPUTS.size(); n++) {
            frontier = frontier.append(referenceLeaves(n).get(n - 1));
            assertThat(HEX.formatHex(MerkleLog.root(referenceLeaves(n)))).as("root of %d", n).isEqualTo(ROOTS.get(n - 1));
            assertThat(HEX.formatHex(frontier.root())).as("frontier root of %d", n).isEqualTo(ROOTS.get(n - 1));
        }
    }

    @Test
    void audit_path_of_the_first_leaf_in_eight_matches_the_reference() {
        List<byte[]> path = MerkleLog.inclusionProof(0, referenceLeaves(8));

        assertThat(path.stream().map(HEX::formatHex)).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    }

    @Test
    void consistency_proofs_match_the_reference() {
        assertThat(MerkleLog.consistencyProof(1, referenceLeaves(8)).stream().map(HEX::formatHex)).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(MerkleLog.consistencyProof(6, referenceLeaves(8)).stream().map(HEX::formatHex)).containsExactly(
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(MerkleLog.consistencyProof(2, referenceLeaves(5)).stream().map(HEX::formatHex)).containsExactly(
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    }

    /** Every leaf of every tree up to 40 leaves, and every pair of sizes: proofs verify, and any tampering fails. */
    @Test
    void every_proof_of_small_trees_verifies_and_none_survives_tampering() {
        List<byte[]> leaves = new ArrayList<>();
        MerkleLog.Frontier frontier = MerkleLog.Frontier.empty();
        List<byte[]> roots = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] leaf = MerkleLog.leafHash(("certificat " + i).getBytes());
            leaves.add(leaf);
            frontier = frontier.append(leaf);
            roots.add(MerkleLog.root(leaves));
            assertThat(frontier.root()).isEqualTo(roots.get(i));
        }
        for (int n = 1; n <= leaves.size(); n++) {
            List<byte[]> tree = leaves.subList(0, n);
            byte[] root = roots.get(n - 1);
            for (int m = 0; m < n; m++) {
                List<byte[]> path = MerkleLog.inclusionProof(m, tree);
                assertThat(MerkleLog.verifyInclusion(m, n, tree.get(m), path, root)).as("leaf %d of %d", m, n).isTrue();
                assertThat(MerkleLog.verifyInclusion(m, n, tree.get((m + 1) % n), path, root) && n > 1)
                        .as("other leaf at %d of %d", m, n).isFalse();
                assertThat(MerkleLog.verifyInclusion(m, n, tree.get(m), path, roots.get(n % leaves.size()))).as("other root").isFalse();
                if (!path.isEmpty()) {
                    assertThat(MerkleLog.verifyInclusion(m, n, tree.get(m), flipped(path, path.size() - 1), root)).isFalse();
                    assertThat(MerkleLog.verifyInclusion(m, n, tree.get(m), path.subList(0, path.size() - 1), root)).isFalse();
                }
            }
            for (int first = 1; first <= n; first++) {
                List<byte[]> proof = MerkleLog.consistencyProof(first, tree);
                byte[] firstRoot = roots.get(first - 1);
                assertThat(MerkleLog.verifyConsistency(first, n, firstRoot, root, proof)).as("%d → %d", first, n).isTrue();
                if (first < n) {
                    assertThat(MerkleLog.verifyConsistency(first, n, root, root, proof)).as("wrong first root").isFalse();
                    assertThat(MerkleLog.verifyConsistency(first, n, firstRoot, firstRoot, proof)).as("wrong second root").isFalse();
                    assertThat(MerkleLog.verifyConsistency(first, n, firstRoot, root, flipped(proof, 0))).isFalse();
                    assertThat(MerkleLog.verifyConsistency(first, n, firstRoot, root, List.of())).isFalse();
                }
            }
        }
    }

    @Test
    void a_rewritten_history_is_not_consistent_with_the_signed_past() {
        List<byte[]> honest = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            honest.add(MerkleLog.leafHash(new byte[]{(byte) i}));
        }
        byte[] pastRoot = MerkleLog.root(honest.subList(0, 4));
        List<byte[]> rewritten = new ArrayList<>(honest);
        rewritten.set(2, MerkleLog.leafHash("antidaté".getBytes()));

        assertThat(MerkleLog.verifyConsistency(4, 7, pastRoot, MerkleLog.root(rewritten),
                MerkleLog.consistencyProof(4, rewritten))).isFalse();
    }

    @Test
    void a_leaf_can_not_pass_for_an_interior_node() {
        byte[] left = MerkleLog.leafHash("a".getBytes());
        byte[] right = MerkleLog.leafHash("b".getBytes());
        byte[] concatenated = new byte[64];
        System.arraycopy(left, 0, concatenated, 0, 32);
        System.arraycopy(right, 0, concatenated, 32, 32);

        assertThat(MerkleLog.leafHash(concatenated)).isNotEqualTo(MerkleLog.nodeHash(left, right));
    }

    private static List<byte[]> flipped(List<byte[]> proof, int index) {
        List<byte[]> copy = new ArrayList<>(proof);
        byte[] changed = copy.get(index).clone();
        changed[0] ^= 1;
        copy.set(index, changed);
        return copy;
    }

    @Test
    void proofs_from_the_stored_nodes_equal_proofs_from_all_leaves_and_read_only_logarithmically_many_nodes() {
        java.util.Map<String, byte[]> stored = new java.util.HashMap<>();
        List<byte[]> leaves = new ArrayList<>();
        MerkleLog.Frontier frontier = MerkleLog.Frontier.empty();
        for (int n = 1; n <= 70; n++) {
            byte[] leaf = MerkleLog.leafHash(new byte[] {(byte) n, (byte) (n >> 8)});
            // what an append stores: the leaf and every perfect subtree it completes
            for (MerkleLog.Node node : frontier.completedBy(leaf)) {
                assertThat(stored.put(node.height() + ":" + node.index(), node.hash())).as("stored once").isNull();
            }
            frontier = frontier.append(leaf);
            leaves.add(leaf);
            MerkleLog.Nodes nodes = (height, index) -> java.util.Objects.requireNonNull(stored.get(height + ":" + index),
                    "node " + height + ":" + index + " was never stored");
            int size = n;
            int bound = 2 * (64 - Long.numberOfLeadingZeros(size)) + 1;
            for (int m = 0; m < n; m++) {
                int index = m;
                assertThat(MerkleLog.inclusionProof(index, size, nodes)).as("path of %d in %d", m, n)
                        .usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(MerkleLog.inclusionProof(index, leaves));
                assertThat(MerkleLog.nodesRead(recorder -> MerkleLog.inclusionProof(index, size, recorder)))
                        .as("nodes read for the path of %d in %d", m, n).hasSizeLessThanOrEqualTo(bound);
                int first = m + 1;
                assertThat(MerkleLog.consistencyProof(first, size, nodes)).as("consistency %d → %d", first, n)
                        .usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(MerkleLog.consistencyProof(first, leaves));
                assertThat(MerkleLog.nodesRead(recorder -> MerkleLog.consistencyProof(first, size, recorder)))
                        .hasSizeLessThanOrEqualTo(bound);
            }
        }
        assertThat(stored).hasSize(2 * 70 - Integer.bitCount(70));
    }
}
