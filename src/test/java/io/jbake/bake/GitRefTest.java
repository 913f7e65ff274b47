package io.jbake.bake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jbake.bake.model.BakeException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every URL form BuildKit's {@code ParseGitRef} (as buildx 0.29.1 vendors it) takes or leaves, and the query
 * form's values and errors in its words; then {@link RemoteUrls}' use of it.
 */
class GitRefTest {
    private static GitRef ref(String remote, String scheme, String host, String path, String ref, String subdir) {
        return new GitRef(remote, scheme, host, path, ref, subdir, "", null, null, "", false);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://example.com/",
                "https://example.com/foo",
                "https://example.com/foo.git/",
                "https://example.com/foo.git.bar",
                "https://github.com/moby/buildkit",
                "custom.xyz/moby/buildkit.git",
                "http://github.com/docker/docker.git:#branch",
                "./.git",
                ".git",
                "../repo.git",
                "ftp://example.com/foo.git",
                "docker-image://busybox",
                "cwd://app",
                "app",
                "target:base"
            })
    void notGit(String s) {
        assertEquals(Optional.empty(), GitRef.parse(s));
        assertEquals(false, RemoteUrls.isGit(s));
    }

    @Test
    void urlForms() {
        assertEquals(
                Optional.of(ref("https://example.com/foo.git", "https", "example.com", "/foo.git", "", "")),
                GitRef.parse("https://example.com/foo.git"));
        assertEquals(
                Optional.of(ref("https://example.com/foo.git", "https", "example.com", "/foo.git", "release/1.2", "")),
                GitRef.parse("https://example.com/foo.git#release/1.2"));
        assertEquals(
                Optional.of(ref("git://example.com/foo", "git", "example.com", "/foo", "", "")),
                GitRef.parse("git://example.com/foo"));
        assertEquals(
                Optional.of(ref("git://127.0.0.1:9418/repo.git", "git", "127.0.0.1:9418", "/repo.git", "v1", "")),
                GitRef.parse("git://127.0.0.1:9418/repo.git#v1"));
        assertEquals(
                Optional.of(ref("ssh://git@example.com/org/repo.git", "ssh", "example.com", "/org/repo.git", "", "")),
                GitRef.parse("ssh://git@example.com/org/repo.git"));
        assertEquals(
                Optional.of(ref("github.com/moby/buildkit", "https", "github.com", "/moby/buildkit", "master", "")),
                GitRef.parse("github.com/moby/buildkit#master"));
        assertEquals(
                Optional.of(ref(
                        "https://foo:bar@github.com/moby/buildkit.git",
                        "https",
                        "github.com",
                        "/moby/buildkit.git",
                        "",
                        "")),
                GitRef.parse("https://foo:bar@github.com/moby/buildkit.git"));
        assertEquals(
                Optional.of(ref("git@github.com:moby/buildkit", "ssh", "github.com", "moby/buildkit", "", "")),
                GitRef.parse("git@github.com:moby/buildkit"));
        assertEquals(
                Optional.of(ref(
                        "git@bitbucket.org:atlassianlabs/atlassian-docker.git",
                        "ssh",
                        "bitbucket.org",
                        "atlassianlabs/atlassian-docker.git",
                        "",
                        "")),
                GitRef.parse("git@bitbucket.org:atlassianlabs/atlassian-docker.git"));
        assertEquals(
                Optional.of(ref(
                        "https://github.com/foo/bar.git",
                        "https",
                        "github.com",
                        "/foo/bar.git",
                        "baz/qux",
                        "quux/quuz")),
                GitRef.parse("https://github.com/foo/bar.git#baz/qux:quux/quuz"));
        assertEquals(
                Optional.of(ref(
                        "https://github.com/docker/docker.git",
                        "https",
                        "github.com",
                        "/docker/docker.git",
                        "",
                        "myfolder")),
                GitRef.parse("https://github.com/docker/docker.git#:myfolder"));
    }

    @Test
    void queryForm() {
        assertEquals(
                Optional.of(ref(
                        "https://github.com/docker/docker.git",
                        "https",
                        "github.com",
                        "/docker/docker.git",
                        "v1.0.0",
                        "/subdir")),
                GitRef.parse("https://github.com/docker/docker.git?ref=v1.0.0&subdir=/subdir"));
        assertEquals(
                Optional.of(ref(
                        "https://github.com/moby/buildkit.git",
                        "https",
                        "github.com",
                        "/moby/buildkit.git",
                        "v1.0.0",
                        "/subdir")),
                GitRef.parse("https://github.com/moby/buildkit.git?subdir=/subdir#v1.0.0"));
        assertEquals(
                "refs/tags/v1.0.0",
                GitRef.parse("https://github.com/moby/buildkit.git?tag=v1.0.0")
                        .orElseThrow()
                        .ref());
        assertEquals(
                "refs/tags/v1.0.0",
                GitRef.parse("github.com/moby/buildkit?tag=v1.0.0")
                        .orElseThrow()
                        .ref());
        assertEquals(
                "refs/heads/v1.0",
                GitRef.parse("https://github.com/moby/buildkit.git?branch=v1.0")
                        .orElseThrow()
                        .ref());
        assertEquals(
                Optional.of(ref(
                        "git@github.com:moby/buildkit.git",
                        "ssh",
                        "github.com",
                        "moby/buildkit.git",
                        "v1.0.0",
                        "/subdir")),
                GitRef.parse("git@github.com:moby/buildkit.git?subdir=/subdir#v1.0.0"));
        GitRef all = GitRef.parse("https://example.com/r.git?commit=deadbeef&keep-git-dir&submodules=false")
                .orElseThrow();
        assertEquals(List.of("deadbeef", true, false), List.of(all.checksum(), all.keepGitDir(), all.submodules()));
        GitRef times = GitRef.parse("https://example.com/r.git?mtime=commit&fetch-by-commit")
                .orElseThrow();
        assertEquals(List.of("commit", true), List.of(times.mtime(), times.fetchByCommit()));
        GitRef plain = GitRef.parse("https://example.com/r.git?mtime=checkout&fetch-by-commit=false")
                .orElseThrow();
        assertEquals(List.of("checkout", false), List.of(plain.mtime(), plain.fetchByCommit()));
        assertEquals(
                "abc",
                GitRef.parse("https://example.com/r.git?checksum=abc")
                        .orElseThrow()
                        .checksum());
    }

    @Test
    void queryErrorsInBuildKitsWords() {
        List<List<String>> cases = List.of(
                List.of(
                        "https://github.com/moby/buildkit.git?ref=v1.0.0#v1.2.3",
                        "ref conflicts: \"v1.2.3\" vs \"v1.0.0\""),
                List.of(
                        "https://github.com/moby/buildkit.git?ref=v1.0.0&tag=v1.2.3",
                        "ref conflicts: \"v1.0.0\" vs \"refs/tags/v1.2.3\""),
                List.of("https://github.com/moby/buildkit.git?tag=v1.0.0&branch=v1.0", "branch conflicts with tag"),
                List.of("https://example.com/r.git?subdir=a#:b", "subdir conflicts: \"b\" vs \"a\""),
                List.of("https://example.com/r.git?foo=1", "unexpected query \"foo\""),
                List.of("https://example.com/r.git?ref=", "query \"ref\" has no value"),
                List.of("https://example.com/r.git?ref=a&ref=b", "query \"ref\" has multiple values"),
                List.of("https://example.com/r.git?keep-git-dir=maybe", "invalid keep-git-dir value: \"maybe\""),
                List.of(
                        "https://example.com/r.git?mtime=now",
                        "invalid mtime value: \"now\" (must be \"checkout\" or \"commit\")"),
                List.of("https://example.com/r.git?mtime=", "query \"mtime\" has no value"),
                List.of("https://example.com/r.git?fetch-by-commit=2", "invalid fetch-by-commit value: \"2\""));
        for (List<String> c : cases) {
            BakeException e = assertThrows(BakeException.class, () -> GitRef.parse(c.get(0)), c.get(0));
            assertEquals(c.get(1), e.getMessage(), c.get(0));
            assertEquals(true, RemoteUrls.isGit(c.get(0)), c.get(0)); // still a git reference, a bad one
        }
    }

    @Test
    void remoteUrlsOnGitRefs() {
        assertEquals(true, RemoteUrls.isRemote("https://example.com/def.hcl"));
        assertEquals(true, RemoteUrls.isRemote("git@github.com:org/repo.git"));
        assertEquals(false, RemoteUrls.isRemote("cwd://app"));
        assertEquals(
                new RemoteUrls.Args("git://h/r.git", "git://h/r.git#v1", List.of("a", "b")),
                RemoteUrls.split(List.of("git://h/r.git", "git://h/r.git#v1", "a", "b")));
        assertEquals(new RemoteUrls.Args(null, "cwd://", List.of("a")), RemoteUrls.split(List.of("a")));
        assertEquals("git://h/r.git#:sub", RemoteUrls.withSubdir("git://h/r.git", "sub"));
        assertEquals("git://h/r.git#v1:base/sub", RemoteUrls.withSubdir("git://h/r.git#v1:base", "./sub"));
        assertEquals(
                "https://h/r.git?ref=v1&subdir=base/sub",
                RemoteUrls.withSubdir("https://h/r.git?ref=v1&subdir=base", "sub"));
        assertEquals("https://h/def.tar.gz", RemoteUrls.withSubdir("https://h/def.tar.gz", "sub"));
        assertEquals(Optional.of("127.0.0.1:8080"), RemoteUrls.host("http://user@127.0.0.1:8080/def.hcl?x=1"));
        assertEquals(Optional.of("github.com"), RemoteUrls.host("git@github.com:org/repo.git"));
        assertEquals(Optional.of("github.com"), RemoteUrls.host("github.com/org/repo"));
        assertEquals(Optional.empty(), RemoteUrls.host("cwd://app"));
    }
}
