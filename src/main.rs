use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    relais::cli::run().await
}
