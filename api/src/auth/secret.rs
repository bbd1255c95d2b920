//! The secret that signs access tokens.
//!
//! It comes from `JWT_SECRET` / `--jwt-secret`. Without one, an SQLite deployment generates 48 random
//! bytes (base64) once into `DATA_DIR/jwt-secret` (mode 0600) and reuses them; a PostgreSQL deployment
//! refuses to start, because several servers share that database and must share one secret. A weak
//! secret (under 32 bytes, or little variety) is refused at start-up (RFC 8725 §3.5).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::AppError;

pub use crate::domain::secret::{MIN_SECRET_BYTES, Secret};

/// The generated secret's file name in the data folder.
pub const SECRET_FILE: &str = "jwt-secret";

/// The signing secret of this configuration: the configured one, else (SQLite) the generated file,
/// else (PostgreSQL) a start-up error. Every failure is a one-line [`AppError::Startup`].
pub fn load(config: &Config) -> Result<Secret, AppError> {
    let secret = match &config.jwt_secret {
        Some(s) if !s.expose().is_empty() => s.clone(),
        _ if config.is_sqlite() => load_or_generate(&config.data_dir.join(SECRET_FILE))?,
        _ => {
            return Err(AppError::Startup(
                "JWT_SECRET is not set: with PostgreSQL every server needs the same secret, so set \
                 JWT_SECRET (or --jwt-secret) to at least 32 random bytes"
                    .into(),
            ));
        }
    };
    secret.check_strength().map_err(AppError::Startup)?;
    Ok(secret)
}

/// Reads the secret file, or creates it with a fresh secret (mode 0600) when there is none. Two
/// processes starting at once end up with the same secret: the file is published with a link that
/// fails when the name already exists.
pub fn load_or_generate(path: &Path) -> Result<Secret, AppError> {
    match read_secret_file(path)? {
        Some(secret) => Ok(secret),
        None => {
            let secret = Secret::generate();
            write_new_secret_file(path, &secret)?;
            tracing::info!(path = %path.display(), "generated a new JWT signing secret");
            // Read back: if another process won the race, its secret is the one to use.
            read_secret_file(path)?
                .ok_or_else(|| AppError::Startup(format!("cannot read back {}", path.display())))
        }
    }
}

fn read_secret_file(path: &Path) -> Result<Option<Secret>, AppError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(AppError::Startup(format!(
                "cannot read the JWT secret file {}: {e}",
                path.display()
            )));
        }
    };
    tighten_permissions(path)?;
    let secret = Secret::from(text.trim());
    secret.check_strength().map_err(|why| {
        AppError::Startup(format!(
            "{why} (in {}; delete the file to generate a new one)",
            path.display()
        ))
    })?;
    Ok(Some(secret))
}

fn write_new_secret_file(path: &Path, secret: &Secret) -> Result<(), AppError> {
    let fail = |what: &str, p: &Path, e: std::io::Error| {
        AppError::Startup(format!("cannot {what} {}: {e}", p.display()))
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    if !dir.as_os_str().is_empty() {
        std::fs::create_dir_all(dir).map_err(|e| fail("create", dir, e))?;
    }
    let temp = temp_path(path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&temp).and_then(|mut file| {
        file.write_all(secret.expose())?;
        file.write_all(b"\n")?;
        file.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(fail("write", &temp, e));
    }
    // A hard link publishes the complete file atomically and refuses to replace one that appeared
    // meanwhile; where links are unsupported, a rename (which may replace) is the fallback.
    let published = match std::fs::hard_link(&temp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(_) => std::fs::rename(&temp, path),
    };
    let _ = std::fs::remove_file(&temp);
    published.map_err(|e| fail("write", path, e))?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(
        ".tmp-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    path.with_file_name(name)
}

/// A secret file others can read is made private (0600) again, with a warning.
#[cfg(unix)]
fn tighten_permissions(path: &Path) -> Result<(), AppError> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path)
        .map_err(|e| AppError::Startup(format!("cannot inspect {}: {e}", path.display())))?;
    if meta.permissions().mode() & 0o077 != 0 {
        tracing::warn!(path = %path.display(), "the JWT secret file was readable by others; now 0600");
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(|e| {
            AppError::Startup(format!("cannot make {} private: {e}", path.display()))
        })?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn tighten_permissions(_path: &Path) -> Result<(), AppError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    const STRONG: &str = "m3Yq9vJ0tR7wXc2LpZ8sKf4HbN6aUe1DgQ5oIy0";

    #[test]
    fn a_secret_never_shows_in_debug_output() {
        let secret = Secret::from(STRONG);
        assert_eq!(format!("{secret:?}"), "Secret(***)");
        assert_eq!(format!("{secret:#?}"), "Secret(***)");
        let mut config = test_config(Path::new("."), None);
        config.jwt_secret = Some(secret);
        assert!(!format!("{config:?}").contains(STRONG));
    }

    #[test]
    fn a_secret_under_32_bytes_is_refused() {
        let why = Secret::from("m3Yq9vJ0tR7wXc2LpZ8sKf4HbN6aUe1").check_strength();
        assert!(why.unwrap_err().contains("at least 32 bytes"));
        assert!(Secret::from("").check_strength().is_err());
        assert!(Secret::from("secret").check_strength().is_err());
    }

    #[test]
    fn a_long_secret_with_little_variety_is_refused() {
        for weak in [
            "a".repeat(64),
            "ab".repeat(32),
            "0123456".repeat(6),
            "0123456789abcdef".repeat(2),
            "password".repeat(4),
        ] {
            assert!(
                Secret::new(weak.clone()).check_strength().is_err(),
                "{weak}"
            );
        }
    }

    #[test]
    fn a_random_looking_secret_and_a_generated_one_are_accepted() {
        assert!(Secret::from(STRONG).check_strength().is_ok());
        let generated = Secret::generate();
        assert_eq!(generated.expose().len(), 64);
        assert!(generated.check_strength().is_ok());
        assert_ne!(generated, Secret::generate());
    }

    #[test]
    fn refusing_a_secret_does_not_echo_it() {
        let weak = "hunter2hunter2hunter2hunter2hunter2";
        let why = Secret::from(weak).check_strength().unwrap_err();
        assert!(!why.contains("hunter2"));
    }

    #[test]
    fn the_generated_file_is_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join(SECRET_FILE);
        let first = load_or_generate(&path).unwrap();
        let second = load_or_generate(&path).unwrap();
        assert_eq!(first, second);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from(SECRET_FILE)]);
    }

    #[test]
    fn a_weak_secret_file_stops_start_up_with_a_one_line_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SECRET_FILE);
        std::fs::write(&path, "short\n").unwrap();
        let err = load_or_generate(&path).unwrap_err().to_string();
        assert!(
            err.contains("too short") && err.contains("delete the file"),
            "{err}"
        );
        assert!(!err.contains('\n'));
    }

    #[test]
    fn postgres_without_a_secret_refuses_to_start_and_sqlite_generates_one() {
        let dir = tempfile::tempdir().unwrap();
        let pg = test_config(dir.path(), Some("postgres://u@h/db"));
        let err = load(&pg).unwrap_err().to_string();
        assert!(err.contains("JWT_SECRET"), "{err}");
        assert!(!dir.path().join(SECRET_FILE).exists());

        let sqlite = test_config(dir.path(), None);
        let secret = load(&sqlite).unwrap();
        assert!(dir.path().join(SECRET_FILE).exists());
        assert_eq!(load(&sqlite).unwrap(), secret);
    }

    #[test]
    fn a_configured_weak_secret_refuses_to_start_even_with_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = test_config(dir.path(), None);
        config.jwt_secret = Some(Secret::from("too-short"));
        assert!(load(&config).is_err());
        config.jwt_secret = Some(Secret::from(STRONG));
        assert_eq!(load(&config).unwrap(), Secret::from(STRONG));
        assert!(!dir.path().join(SECRET_FILE).exists());
    }

    fn test_config(dir: &Path, url: Option<&str>) -> Config {
        use clap::Parser;
        #[derive(Parser)]
        struct Wrapper {
            #[command(flatten)]
            config: Config,
        }
        let mut config = Wrapper::parse_from(["test"]).config;
        config.database_url = url.map(str::to_owned);
        config.data_dir = dir.to_path_buf();
        config.jwt_secret = None;
        config
    }
}
