//! The `partnergraph` binary; everything lives in the library.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    partnergraph::cli::main().await
}
