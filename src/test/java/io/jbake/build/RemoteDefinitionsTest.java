package io.jbake.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jbake.bake.GitRef;
import io.jbake.buildkit.secrets.SecretsService;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The git source a remote definition is fetched with, its credentials, and what counts as an archive. */
class RemoteDefinitionsTest {
    private static GitRef ref(String url) {
        return GitRef.parse(url).orElseThrow();
    }

    @Test
    void gitSourceAsLlbGitWritesIt() {
        String url = "https://example.com/org/repo.git#v1:sub";
        assertEquals(
                new io.jbake.buildkit.BuildKitClient.Source(
                        "git://example.com/org/repo.git#v1:sub",
                        Map.of(
                                "git.fullurl", "https://example.com/org/repo.git",
                                "git.authtokensecret", "GIT_AUTH_TOKEN",
                                "git.authheadersecret", "GIT_AUTH_HEADER"),
                        "[internal] load git source " + url),
                RemoteDefinitions.gitSource(url, ref(url), false));
        String ssh = "git@example.com:org/repo.git";
        assertEquals(
                Map.of(
                        "git.fullurl", "git@example.com:org/repo.git",
                        "git.authtokensecret", "GIT_AUTH_TOKEN",
                        "git.authheadersecret", "GIT_AUTH_HEADER",
                        "git.mountsshsock", "default"),
                RemoteDefinitions.gitSource(ssh, ref(ssh), false).attrs());
        assertEquals(
                "https://github.com/org/repo",
                RemoteDefinitions.gitSource("github.com/org/repo", ref("github.com/org/repo"), false)
                        .attrs()
                        .get("git.fullurl"));
    }

    /** The query keys of buildx v0.31+ (BuildKit v0.26's git reference) reach the git source as its attributes. */
    @Test
    void modificationTimesAndFetchingByCommit() {
        String url = "https://example.com/org/repo.git?mtime=commit&fetch-by-commit#v1";
        assertEquals(
                new io.jbake.buildkit.BuildKitClient.Source(
                        "git://example.com/org/repo.git#v1",
                        Map.of(
                                "git.fullurl", "https://example.com/org/repo.git",
                                "git.authtokensecret", "GIT_AUTH_TOKEN",
                                "git.authheadersecret", "GIT_AUTH_HEADER",
                                "git.mtime", "commit",
                                "git.fetchbycommit", "true"),
                        "[internal] load git source " + url),
                RemoteDefinitions.gitSource(url, ref(url), false));
    }

    /** BUILDX_BAKE_GIT_ADVICE (else BUILDKIT_GIT_ADVICE), a Go boolean, asks BuildKit for git's advice. */
    @Test
    void gitAdvice() {
        String url = "git://example.com/repo.git";
        assertEquals(
                "true", RemoteDefinitions.gitSource(url, ref(url), true).attrs().get("git.advice"));
        assertEquals(
                null, RemoteDefinitions.gitSource(url, ref(url), false).attrs().get("git.advice"));
        assertEquals(false, RemoteDefinitions.gitAdvice(Map.of()));
        assertEquals(true, RemoteDefinitions.gitAdvice(Map.of("BUILDX_BAKE_GIT_ADVICE", "1")));
        assertEquals(true, RemoteDefinitions.gitAdvice(Map.of("BUILDKIT_GIT_ADVICE", "true")));
        assertEquals(
                false,
                RemoteDefinitions.gitAdvice(Map.of("BUILDX_BAKE_GIT_ADVICE", "false", "BUILDKIT_GIT_ADVICE", "true")));
        assertEquals(false, RemoteDefinitions.gitAdvice(Map.of("BUILDX_BAKE_GIT_ADVICE", "maybe")));
    }

    @Test
    void gitAuthSecretsAreScopedToTheHost() {
        assertEquals(
                Map.of(
                        "GIT_AUTH_TOKEN.example.com:8443",
                        new SecretsService.Source.Env("buildx_bake_git_auth_token"),
                        "GIT_AUTH_HEADER.example.com:8443",
                        new SecretsService.Source.Env("BUILDX_BAKE_GIT_AUTH_HEADER")),
                RemoteDefinitions.gitAuthSecrets(
                        "example.com:8443",
                        Map.of("buildx_bake_git_auth_token", "t", "BUILDX_BAKE_GIT_AUTH_HEADER", "basic x")));
        assertEquals(Map.of(), RemoteDefinitions.gitAuthSecrets("", Map.of("BUILDX_BAKE_GIT_AUTH_TOKEN", "t")));
    }

    @Test
    void archivesByTheirFirstBytes() {
        assertEquals(true, RemoteDefinitions.isArchive(new byte[] {0x1F, (byte) 0x8B, 0x08, 0}));
        assertEquals(true, RemoteDefinitions.isArchive(new byte[] {0x42, 0x5A, 0x68, 0x39}));
        assertEquals(true, RemoteDefinitions.isArchive(new byte[] {(byte) 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0}));
        byte[] tar = new byte[512];
        byte[] name = "docker-bake.hcl".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, tar, 0, name.length);
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : tar[i] & 0xFF;
        }
        byte[] checksum = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(checksum, 0, tar, 148, 8);
        assertEquals(true, RemoteDefinitions.isArchive(tar));
        tar[0] = 'x'; // the checksum no longer matches
        assertEquals(false, RemoteDefinitions.isArchive(tar));
        assertEquals(false, RemoteDefinitions.isArchive("target \"default\" {}\n".getBytes(StandardCharsets.UTF_8)));
    }
}
