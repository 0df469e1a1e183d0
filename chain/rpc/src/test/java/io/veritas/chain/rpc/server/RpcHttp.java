package io.veritas.chain.rpc.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A small HTTP client for the tests: JSON-RPC POSTs and GETs against a server on 127.0.0.1. */
final class RpcHttp {

  private final HttpClient client = HttpClient.newHttpClient();
  private final int port;

  RpcHttp(int port) {
    this.port = port;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  HttpResponse<String> post(String body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri("/")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpClient client() {
    return client;
  }
}
