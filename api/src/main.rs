//! The `partnergraph` binary; everything lives in the library.

#[tokio::main]
async fn main() {
    if let Err(err) = partnergraph::cli::run().await {
        // One line for people, the chain for the curious.
        eprintln!("partnergraph: {err:#}");
        std::process::exit(1);
    }
}
