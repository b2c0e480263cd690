//! Command line: `relais serve | migrate | seed | reindex | user add | token add |
//! backup | restore | import events|organisations|people | geo load`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use tokio::io::AsyncReadExt;

use crate::accounts::{password, store};
use crate::app::Application;
use crate::config::Config;
use crate::entities::{LawfulBasis, OrgKind, Role};
use crate::transfer::import::{self, DuplicateChoice, Target};
use crate::values::Email;
use crate::web::Locale;
use crate::{db, seed};

#[derive(Debug, Parser)]
#[command(
    name = "relais",
    version,
    about = "Annuaire et suivi des contacts pour les réseaux de médiation numérique"
)]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web application (migrates and seeds a new database first).
    Serve,
    /// Apply pending database migrations.
    Migrate,
    /// Load the seed data; rows already present are left as they are.
    Seed,
    /// Rebuild the search index from the database.
    Reindex,
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage personal API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Write every table to FILE (JSON lines, format in the README).
    Backup { file: std::path::PathBuf },
    /// Restore FILE into an empty database (`--force` replaces its content).
    Restore {
        file: std::path::PathBuf,
        #[arg(long)]
        force: bool,
    },
    /// Import data from a file.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Reference places (communes, intercommunalities).
    #[command(subcommand)]
    Geo(GeoCommand),
}

#[derive(Debug, Subcommand)]
enum GeoCommand {
    /// Load the reference files of DIR (communes.csv, epci.csv); loading
    /// again changes nothing, a newer file updates in place.
    Load { dir: std::path::PathBuf },
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    /// Events of an iCalendar (.ics) file; a re-import updates by UID.
    Events { file: std::path::PathBuf },
    /// Organisations of a CSV or JSON file (library list, mediation places…).
    Organisations {
        file: std::path::PathBuf,
        #[command(flatten)]
        options: TableImport,
        /// Kind of the organisations whose row gives none.
        #[arg(long, value_parser = parse_kind)]
        kind: Option<OrgKind>,
    },
    /// People of a CSV file; only the recognised columns are read.
    People {
        file: std::path::PathBuf,
        #[command(flatten)]
        options: TableImport,
        /// Lawful basis recorded for these people.
        #[arg(long, value_parser = parse_lawful_basis, default_value = "legitimate_interest")]
        lawful_basis: LawfulBasis,
    },
}

#[derive(Debug, clap::Args)]
struct TableImport {
    /// Say what would be done, row by row, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Complete the known record with a duplicate row (default: skip it).
    #[arg(long, conflicts_with = "create_duplicates")]
    merge: bool,
    /// Store duplicate rows as records of their own.
    #[arg(long)]
    create_duplicates: bool,
    /// Write the good rows even when others are in error (default: nothing).
    #[arg(long)]
    skip_errors: bool,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add {
        email: String,
        #[arg(long, value_parser = parse_role, default_value = "volunteer")]
        role: Role,
        /// Name shown in the interface (default: the part before the @).
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Create an API token for the account EMAIL and print it (only now:
    /// only its digest is stored).
    Add {
        email: String,
        /// What the token is for (shown on the account page).
        #[arg(long)]
        name: String,
        /// Let the token change data (default: read-only).
        #[arg(long)]
        write: bool,
        /// The token stops working after this many days (default: never).
        #[arg(long, value_parser = clap::value_parser!(i64).range(1..=3650))]
        expires_days: Option<i64>,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.parse::<Role>().map_err(|e| e.to_string())
}

fn parse_kind(text: &str) -> Result<OrgKind, String> {
    text.parse::<OrgKind>().map_err(|e| e.to_string())
}

fn parse_lawful_basis(text: &str) -> Result<LawfulBasis, String> {
    text.parse::<LawfulBasis>().map_err(|e| e.to_string())
}

pub async fn run() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            // relais's own INFO lines; its dependencies (tantivy, sqlx, hyper…)
            // only warn, unless RUST_LOG says otherwise.
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("warn,relais=info,tower_http=warn")),
        )
        .init();
    let cli = Cli::parse();
    match execute(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("relais: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(cli: Cli) -> Result<(), String> {
    let config = cli.config;
    match cli.command {
        Command::Serve => {
            let app = Application::build(config)
                .await
                .map_err(|e| e.to_string())?;
            let addr = app.local_addr().map_err(|e| e.to_string())?;
            tracing::info!("relais is ready: open http://{addr}");
            app.run_until(shutdown_signal())
                .await
                .map_err(|e| e.to_string())
        }
        Command::Migrate => {
            std::fs::create_dir_all(&config.data_dir).map_err(|e| e.to_string())?;
            let db = db::connect(&config.database_url())
                .await
                .map_err(|e| e.to_string())?;
            let applied = db::migrate(&db).await.map_err(|e| e.to_string())?;
            println!("{applied} migration(s) applied");
            Ok(())
        }
        Command::Seed => {
            let db = open_database(&config).await?;
            let report = seed::run(&db).await.map_err(|e| e.to_string())?;
            println!("{report}");
            Ok(())
        }
        Command::Reindex => {
            let db = open_database(&config).await?;
            reindex(&config, &db).await
        }
        Command::Geo(GeoCommand::Load { dir }) => {
            let db = open_database(&config).await?;
            let report = crate::geo::load_dir(&db, &dir)
                .await
                .map_err(|e| e.to_string())?;
            println!("{report}");
            Ok(())
        }
        Command::Backup { file } => {
            let db = open_database(&config).await?;
            let out = std::fs::File::create(&file)
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
            let mut out = std::io::BufWriter::new(out);
            let bar = progress_bar("backup")?;
            let rows = crate::transfer::backup::write_backup(&db, &mut out, |table, rows| {
                bar.set_message(format!("backup: {table}"));
                bar.set_position(rows);
            })
            .await
            .map_err(|e| e.to_string())?;
            bar.finish_and_clear();
            println!("{rows} rows written to {}", file.display());
            Ok(())
        }
        Command::Restore { file, force } => {
            let db = open_database(&config).await?;
            let input = std::fs::File::open(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let bar = progress_bar("restore")?;
            let report = crate::transfer::backup::restore(
                &db,
                std::io::BufReader::new(input),
                force,
                |rows| bar.set_position(rows),
            )
            .await
            .map_err(|e| e.to_string())?;
            bar.finish_and_clear();
            println!("{} rows restored from {}", report.rows, file.display());
            reindex(&config, &db).await
        }
        Command::Import(ImportCommand::Events { file }) => {
            let db = open_seeded_database(&config).await?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let report = crate::agenda::import::import(&db, &text, None, None, None)
                .await
                .map_err(|e| e.to_string())?;
            println!("{}: {report}", file.display());
            for skipped in &report.skipped {
                println!("  {skipped}");
            }
            Ok(())
        }
        Command::Import(ImportCommand::Organisations {
            file,
            options,
            kind,
        }) => {
            let db = open_seeded_database(&config).await?;
            import_table(&db, &file, Target::Organisations, &options, kind, None).await
        }
        Command::Import(ImportCommand::People {
            file,
            options,
            lawful_basis,
        }) => {
            let db = open_seeded_database(&config).await?;
            import_table(
                &db,
                &file,
                Target::People,
                &options,
                None,
                Some(lawful_basis),
            )
            .await
        }
        Command::Token(TokenCommand::Add {
            email,
            name,
            write,
            expires_days,
        }) => {
            let email =
                Email::parse(&email).map_err(|_| format!("invalid email address: {email}"))?;
            let name = name.trim().to_owned();
            if name.is_empty() || name.chars().count() > crate::values::limits::NAME {
                return Err("--name must be between 1 and 200 characters".into());
            }
            let db = open_database(&config).await?;
            let user = store::find_by_email(&db, &email)
                .await
                .map_err(|e| e.to_string())?
                .filter(|u| u.active)
                .ok_or_else(|| format!("no active account for {email}"))?;
            let new = crate::api::tokens::NewToken {
                name,
                can_write: write,
                expires_in_days: expires_days,
            };
            let (token, secret) = crate::api::tokens::create(&db, user.id, &new)
                .await
                .map_err(|e| e.to_string())?;
            eprintln!(
                "token \"{}\" created for {} ({}); it is shown only now:",
                token.name,
                user.email,
                if token.can_write {
                    "read and write"
                } else {
                    "read-only"
                }
            );
            println!("{secret}");
            Ok(())
        }
        Command::User(UserCommand::Add { email, role, name }) => {
            let email =
                Email::parse(&email).map_err(|_| format!("invalid email address: {email}"))?;
            let mut input = String::new();
            tokio::io::stdin()
                .read_to_string(&mut input)
                .await
                .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
            let secret = input.lines().next().unwrap_or_default().to_owned();
            if !password::is_acceptable(&secret) {
                return Err(format!(
                    "the password (standard input) must have at least {} characters",
                    password::MIN_LENGTH
                ));
            }
            let db = open_database(&config).await?;
            let hash = password::hash(secret).await?;
            let display_name = name.unwrap_or_else(|| {
                email
                    .as_str()
                    .split('@')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            });
            let user = store::create(
                &db,
                store::NewUser {
                    email: &email,
                    display_name: &display_name,
                    role,
                    password_hash: Some(hash),
                    actor: None,
                },
            )
            .await
            .map_err(|e| match e {
                store::CreateUserError::DuplicateEmail => format!("{email} already has an account"),
                store::CreateUserError::Database(err) => err.to_string(),
            })?;
            println!(
                "created {} ({}) as {}",
                user.email, user.display_name, user.role
            );
            Ok(())
        }
    }
}

/// `relais import organisations|people`: a dry run, or one transaction.
async fn import_table(
    db: &sea_orm::DatabaseConnection,
    file: &std::path::Path,
    target: Target,
    options: &TableImport,
    kind: Option<OrgKind>,
    lawful_basis: Option<LawfulBasis>,
) -> Result<(), String> {
    let table = import::source::open(file).map_err(|p| format!("{}: {p}", file.display()))?;
    let shape = table.shape.clone();
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let plan = import::Plan {
        target,
        mapping: import::columns::guess(target, &shape.headers),
        defaults: import::Defaults::for_file(&file_name, &shape.headers, kind, lawful_basis),
        duplicates: if options.merge {
            DuplicateChoice::Merge
        } else if options.create_duplicates {
            DuplicateChoice::Create
        } else {
            DuplicateChoice::Skip
        },
        choices: Default::default(),
        take_from_row: Default::default(),
        skip_errors: options.skip_errors,
        actor: None,
    };
    eprintln!(
        "{}: {}, {}",
        file.display(),
        shape.encoding,
        shape.separator_label()
    );
    for (header, field) in shape.headers.iter().zip(&plan.mapping) {
        if let Some(field) = field {
            eprintln!("  {header} → {}", Locale::Fr.t(&field.label_key()));
        }
    }
    // Plain lines where no terminal shows a bar (logs, tests).
    let bar = progress_bar(if options.dry_run {
        "vérification"
    } else {
        "import"
    })?;
    let visible = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let progress = |rows: u64| {
        bar.set_position(rows);
        if !visible {
            eprintln!("{rows} lignes lues");
        }
    };
    let report = if options.dry_run {
        import::check(db, table, &plan, progress).await
    } else {
        import::commit(db, table, &plan, progress).await
    }
    .map_err(|e| format!("{}: {e}", file.display()))?;
    bar.finish_and_clear();
    for row in &report.details {
        if row.action == import::Action::Create && row.problems.is_empty() {
            continue;
        }
        println!("{}", describe_row(row));
    }
    if report.details.len() == import::DETAILED_ROWS {
        println!(
            "(seules les {} premières lignes sont détaillées)",
            import::DETAILED_ROWS
        );
    }
    println!("{}", report.summary(Locale::Fr));
    if let Some(communes) = report.communes_summary(Locale::Fr) {
        println!("{communes}");
    }
    if options.dry_run {
        println!("essai à blanc : rien n’a été enregistré");
        Ok(())
    } else if report.written {
        println!("enregistré");
        Ok(())
    } else {
        Err(format!(
            "rien n’a été enregistré : {} ligne(s) en erreur (--skip-errors pour importer les autres)",
            report.errors
        ))
    }
}

fn describe_row(row: &import::RowReport) -> String {
    let action = match &row.action {
        import::Action::Create => "création".to_owned(),
        import::Action::Update(id) => format!("mise à jour de #{id}"),
        import::Action::Unchanged(id) => format!("inchangée (#{id})"),
        import::Action::Duplicate {
            of,
            of_label,
            reason,
            choice,
        } => {
            let of = match of {
                import::Known::Record(id) => format!("« {of_label} » (#{id})"),
                import::Known::Line(line) => format!("la ligne {line} « {of_label} »"),
            };
            format!(
                "doublon de {of}, {} : {}",
                Locale::Fr.t(reason.label_key()),
                Locale::Fr.t(&choice.label_key()).to_lowercase()
            )
        }
        import::Action::Error => "erreur".to_owned(),
    };
    let mut text = format!("ligne {} « {} » : {action}", row.line, row.label);
    for problem in &row.problems {
        text.push_str(&format!("\n    {}", problem.reason(Locale::Fr)));
        if !problem.column.is_empty() {
            text.push_str(&format!(" [{}]", problem.column));
        }
    }
    text
}

/// The configured database, created, migrated and, when new, seeded like
/// `serve` does: an import into a new database needs the régions and
/// départements to file its rows under.
async fn open_seeded_database(config: &Config) -> Result<sea_orm::DatabaseConnection, String> {
    let db = open_database(config).await?;
    if seed::database_is_new(&db)
        .await
        .map_err(|e| e.to_string())?
    {
        let report = seed::run(&db).await.map_err(|e| e.to_string())?;
        tracing::info!(%report, "new database: seed data loaded");
    }
    Ok(db)
}

/// The configured database, created and migrated if needed.
async fn open_database(config: &Config) -> Result<sea_orm::DatabaseConnection, String> {
    std::fs::create_dir_all(&config.data_dir).map_err(|e| e.to_string())?;
    let db = db::connect(&config.database_url())
        .await
        .map_err(|e| e.to_string())?;
    db::migrate(&db).await.map_err(|e| e.to_string())?;
    Ok(db)
}

fn progress_bar(message: &str) -> Result<indicatif::ProgressBar, String> {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})")
            .map_err(|e| e.to_string())?
            .progress_chars("=> "),
    );
    bar.set_message(message.to_owned());
    Ok(bar)
}

/// Rebuilds the search index from the database, with a progress bar.
async fn reindex(config: &Config, db: &sea_orm::DatabaseConnection) -> Result<(), String> {
    let (engine, _) = crate::app::open_search_engine(config)
        .await
        .map_err(|e| e.to_string())?;
    let bar = progress_bar(&format!("reindexing ({})", engine.name()))?;
    let started = std::time::Instant::now();
    let (done, _) = crate::search::worker::rebuild(db, engine.as_ref(), |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .await
    .map_err(|e| e.to_string())?;
    bar.finish();
    println!(
        "{done} documents indexed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests can finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(%err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
