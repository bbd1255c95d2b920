//! The `partnergraph` binary; everything lives in the library.

/// mimalloc hands freed pages back to the system, so the memory of a large answer does not stay held
/// by the process after it is sent (glibc's allocator keeps it in per-thread arenas).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    partnergraph::cli::main().await
}
