//! Cross-cutting web pieces: request context, the error type, translations,
//! the page layout and components, static assets, health and language switch.
//! Areas build their pages from these; nothing here knows a domain area.

pub mod assets;
pub mod columns;
pub mod components;
pub mod context;
pub mod editing;
pub mod error;
pub mod flash;
pub mod format;
pub mod forms;
pub mod i18n;
pub mod layout;
pub mod once;
pub mod record;
pub mod routes;
pub mod security;
mod system;
pub mod timeline;

pub use context::{Ctx, CurrentUser};
pub use error::{AppError, AppResult};
pub use i18n::Locale;
pub use routes::Routes;
pub use system::{not_found, routes};
