package io.veritas.chain.rpc.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Serves the files of one classpath folder under one URL path prefix, e.g. the block explorer's
 * {@code /explorer} from {@code explorer/} in a jar. {@code <prefix>} redirects to {@code <prefix>/}
 * (so the page's relative links resolve under the prefix), and a path ending in {@code /} serves that
 * folder's {@code index.html}.
 */
final class StaticRoute {

  private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("htm", "text/html; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("map", "application/json"),
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"),
      Map.entry("webp", "image/webp"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("woff", "font/woff"),
      Map.entry("woff2", "font/woff2"),
      Map.entry("ttf", "font/ttf"),
      Map.entry("wasm", "application/wasm"));
  private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  /** What a path resolves to. */
  sealed interface Resolution {}

  record Found(byte[] body, String contentType) implements Resolution {}

  record Redirect(String location) implements Resolution {}

  record NotFound() implements Resolution {}

  private final String pathPrefix;
  private final String folder;
  private final ClassLoader loader;

  /**
   * @param pathPrefix URL path such as {@code /explorer}; not {@code /} (JSON-RPC lives there)
   * @param classpathFolder resource folder such as {@code explorer} or {@code /web/explorer}
   */
  StaticRoute(String pathPrefix, String classpathFolder, ClassLoader loader) {
    String prefix = Objects.requireNonNull(pathPrefix, "pathPrefix").strip();
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (!prefix.startsWith("/") || prefix.length() < 2 || prefix.contains("//")) {
      throw new IllegalArgumentException(
          "a static route prefix is a path below / such as /explorer, got '" + pathPrefix + "'");
    }
    if (prefix.equals("/liveness") || prefix.equals("/readiness")) {
      throw new IllegalArgumentException("the static route prefix " + prefix + " is taken by the health checks");
    }
    String resourceFolder = Objects.requireNonNull(classpathFolder, "classpathFolder").strip();
    while (resourceFolder.startsWith("/")) {
      resourceFolder = resourceFolder.substring(1);
    }
    while (resourceFolder.endsWith("/")) {
      resourceFolder = resourceFolder.substring(0, resourceFolder.length() - 1);
    }
    if (resourceFolder.isEmpty()) {
      throw new IllegalArgumentException("a static route serves a named classpath folder, not the classpath root");
    }
    this.pathPrefix = prefix;
    this.folder = resourceFolder;
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  String pathPrefix() {
    return pathPrefix;
  }

  /** True when this route owns the (decoded) request path. */
  boolean matches(String path) {
    return path.equals(pathPrefix) || path.startsWith(pathPrefix + "/");
  }

  /** Resolves a matching path; reads the file, so call it off the network threads. */
  Resolution resolve(String path) {
    if (path.equals(pathPrefix)) {
      return new Redirect(pathPrefix + "/");
    }
    String relative = path.substring(pathPrefix.length() + 1);
    if (relative.isEmpty() || relative.endsWith("/")) {
      relative = relative + "index.html";
    }
    if (!isSafe(relative)) {
      return new NotFound();
    }
    URL url = loader.getResource(folder + "/" + relative);
    if (url == null) {
      return new NotFound();
    }
    if (isDirectory(url)) {
      return new Redirect(path + "/");
    }
    try (InputStream in = url.openStream()) {
      return new Found(in.readAllBytes(), contentType(relative));
    } catch (IOException e) {
      throw new UncheckedIOException("reading static resource " + url + " failed", e);
    }
  }

  static String contentType(String fileName) {
    int dot = fileName.lastIndexOf('.');
    int slash = fileName.lastIndexOf('/');
    if (dot <= slash || dot == fileName.length() - 1) {
      return DEFAULT_CONTENT_TYPE;
    }
    return CONTENT_TYPES.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT_CONTENT_TYPE);
  }

  /** Only plain downward paths: no empty, {@code .} or {@code ..} segments, no backslashes or NULs. */
  private static boolean isSafe(String relative) {
    if (relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0) {
      return false;
    }
    for (String segment : relative.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDirectory(URL url) {
    try {
      if ("file".equals(url.getProtocol())) {
        return Files.isDirectory(Path.of(url.toURI()));
      }
      URLConnection connection = url.openConnection();
      return connection instanceof JarURLConnection jar && jar.getJarEntry() != null && jar.getJarEntry().isDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("inspecting static resource " + url + " failed", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("class loader returned an invalid file URL " + url, e);
    }
  }
}
