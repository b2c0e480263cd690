//! Accounts: first-run setup, login/logout, users and roles, invitations,
//! server-side sessions, login rate limiting, and the guard that enforces
//! who may see and change what (login required, viewers read-only, admin
//! pages, CSRF). Owns the `users`, `sessions`, `login_attempts` and
//! `invitations` tables.

pub mod csrf;
pub mod guard;
pub mod password;
mod rate_limit;
mod routes;
pub mod sessions;
pub mod store;
pub mod tokens;
mod views;

pub use routes::routes;
