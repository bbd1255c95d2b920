//! Authentication end to end on a real, migrated database (SQLite, or PostgreSQL with
//! `PARTNERGRAPH_TEST_BACKEND=postgres`): users of each role log in, their tokens authenticate, and
//! every way of being refused gives the one `Unauthenticated` error.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::IpAddr;
use std::time::{Duration, Instant};

use chrono::Utc;
use entities::{partners, service_tokens, users};
use partnergraph::auth::{self, AuthError, AuthKeys, Caller, LoginLimiter, Role};
use partnergraph::cli;
use partnergraph::cli::accounts::{TokensCommand, UsersCommand};
use partnergraph_tests::{TestDb, test_db};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

const PASSWORD: &str = "correct horse battery staple";

async fn add_partner(db: &DatabaseConnection, partner_id: &str) -> i64 {
    let now = Utc::now();
    partners::ActiveModel {
        partner_id: Set(partner_id.into()),
        name: Set(format!("Partner {partner_id}")),
        country: Set("NL".into()),
        anniversary_date: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

fn keys(t: &TestDb) -> AuthKeys {
    AuthKeys::from_config(&t.config).unwrap()
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

async fn caller(t: &TestDb, keys: &AuthKeys, token: &str) -> Result<Caller, AuthError> {
    auth::authenticate(&t.db, keys, Some(&bearer(token))).await
}

async fn log_in(
    t: &TestDb,
    keys: &AuthKeys,
    email: &str,
    password: &str,
) -> Result<String, AuthError> {
    auth::login(&t.db, keys, &LoginLimiter::default(), email, password, None).await
}

#[tokio::test]
async fn a_user_of_each_role_logs_in_and_the_token_names_that_user() {
    let t = test_db().await;
    let keys = keys(&t);
    let p1 = add_partner(&t.db, "P-0001").await;

    let admin = auth::create_user(&t.db, "Admin@Example.com ", PASSWORD, Role::Admin, None)
        .await
        .unwrap();
    let analyst = auth::create_user(&t.db, "analyst@example.com", PASSWORD, Role::Analyst, None)
        .await
        .unwrap();
    let pa = auth::create_user(
        &t.db,
        "pa@example.com",
        PASSWORD,
        Role::PartnerAdmin,
        Some("P-0001"),
    )
    .await
    .unwrap();
    assert_eq!(admin.email, "admin@example.com");
    assert_eq!(pa.partner, Some((p1, "P-0001".to_string())));

    for (user, role, partner) in [
        (&admin, Role::Admin, None),
        (&analyst, Role::Analyst, None),
        (&pa, Role::PartnerAdmin, Some((p1, "P-0001".to_string()))),
    ] {
        // Logging in with different case and spaces still finds the user.
        let token = log_in(
            &t,
            &keys,
            &format!(" {} ", user.email.to_uppercase()),
            PASSWORD,
        )
        .await
        .unwrap();
        let who = caller(&t, &keys, &token).await.unwrap();
        assert_eq!(who.user_id, Some(user.id));
        assert_eq!(who.role, Some(role));
        assert_eq!(who.partner, partner);
        assert_eq!(who.label, user.email);
        assert_eq!(who.service_token_id, None);
        let claims = keys.verify(&token).unwrap();
        assert_eq!(claims.role, role.as_str());
        assert_eq!(claims.exp - claims.iat, 900);
    }
    let pa_caller = caller(
        &t,
        &keys,
        &log_in(&t, &keys, "pa@example.com", PASSWORD).await.unwrap(),
    )
    .await
    .unwrap();
    assert!(pa_caller.can_write_partner(p1) && !pa_caller.can_read_partner(p1 + 1));
}

#[tokio::test]
async fn the_stored_password_is_an_argon2id_hash_with_the_owasp_parameters() {
    let t = test_db().await;
    auth::create_user(&t.db, "ada@example.com", PASSWORD, Role::Admin, None)
        .await
        .unwrap();
    let row = users::Entity::find()
        .filter(users::Column::Email.eq("ada@example.com"))
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        row.password_hash
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{}",
        row.password_hash
    );
    assert!(!row.password_hash.contains(PASSWORD));
}

#[tokio::test]
async fn no_header_is_anonymous_and_anything_but_a_valid_bearer_token_is_refused() {
    let t = test_db().await;
    let keys = keys(&t);
    assert_eq!(
        auth::authenticate(&t.db, &keys, None).await.unwrap(),
        Caller::anonymous()
    );
    let huge = format!("Bearer {}", "A".repeat(64 * 1024));
    let pgs_garbage = format!("Bearer pgs_{}", "A".repeat(43));
    for header in [
        "",
        "Bearer",
        "Bearer ",
        "Basic YWRtaW46YWRtaW4=",
        "Token abc",
        "Bearer not.a.jwt",
        "Bearer pgs_short",
        pgs_garbage.as_str(),
        huge.as_str(),
    ] {
        let got = auth::authenticate(&t.db, &keys, Some(header)).await;
        assert!(
            matches!(got, Err(AuthError::Unauthenticated)),
            "{:.40}: {got:?}",
            header
        );
    }
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_give_the_same_error_in_about_the_same_time() {
    let t = test_db().await;
    let keys = keys(&t);
    auth::create_user(&t.db, "ada@example.com", PASSWORD, Role::Analyst, None)
        .await
        .unwrap();

    let wrong = log_in(&t, &keys, "ada@example.com", "not the password at all")
        .await
        .unwrap_err();
    let unknown = log_in(&t, &keys, "nobody@example.com", PASSWORD)
        .await
        .unwrap_err();
    assert!(matches!(wrong, AuthError::Unauthenticated));
    assert!(matches!(unknown, AuthError::Unauthenticated));
    assert_eq!(wrong.to_string(), unknown.to_string());

    // Both pay for one argon2 verification. Samples alternate, so the load of tests running beside
    // this one falls on both alike; the medians must be within a factor of three (the plan's 20 % is
    // for a quiet server measured over HTTP; this catches a skipped verification, which is 10× faster).
    let (mut wrong, mut unknown) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        let start = Instant::now();
        let _ = log_in(&t, &keys, "ada@example.com", "not the password at all").await;
        wrong.push(start.elapsed());
        let start = Instant::now();
        let _ = log_in(&t, &keys, "nobody@example.com", PASSWORD).await;
        unknown.push(start.elapsed());
    }
    wrong.sort();
    unknown.sort();
    let (wrong, unknown) = (wrong[3], unknown[3]);
    let ratio = wrong.as_secs_f64() / unknown.as_secs_f64();
    assert!(
        (1.0 / 3.0..3.0).contains(&ratio),
        "wrong password {wrong:?} vs unknown email {unknown:?}"
    );
}

#[tokio::test]
async fn a_disabled_user_can_neither_log_in_nor_use_a_token_issued_before() {
    let t = test_db().await;
    let keys = keys(&t);
    auth::create_user(&t.db, "ada@example.com", PASSWORD, Role::Admin, None)
        .await
        .unwrap();
    let token = log_in(&t, &keys, "ada@example.com", PASSWORD)
        .await
        .unwrap();
    assert!(caller(&t, &keys, &token).await.is_ok());

    auth::disable_user(&t.db, "ADA@example.com").await.unwrap();
    assert!(matches!(
        caller(&t, &keys, &token).await,
        Err(AuthError::Unauthenticated)
    ));
    let again = log_in(&t, &keys, "ada@example.com", PASSWORD).await;
    assert!(matches!(again, Err(AuthError::Unauthenticated)));
    assert!(matches!(
        auth::disable_user(&t.db, "nobody@example.com").await,
        Err(AuthError::BadInput(_))
    ));
}

#[tokio::test]
async fn a_deleted_user_or_a_changed_role_ends_the_token() {
    let t = test_db().await;
    let keys = keys(&t);
    let ada = auth::create_user(&t.db, "ada@example.com", PASSWORD, Role::Admin, None)
        .await
        .unwrap();
    let bob = auth::create_user(&t.db, "bob@example.com", PASSWORD, Role::Admin, None)
        .await
        .unwrap();
    let ada_token = log_in(&t, &keys, "ada@example.com", PASSWORD)
        .await
        .unwrap();
    let bob_token = log_in(&t, &keys, "bob@example.com", PASSWORD)
        .await
        .unwrap();

    // Demoted behind the token's back (even without a version bump): the token's ADMIN is stale.
    users::Entity::update_many()
        .col_expr(
            users::Column::Role,
            sea_orm::sea_query::Expr::value("ANALYST"),
        )
        .filter(users::Column::Id.eq(ada.id))
        .exec(&t.db)
        .await
        .unwrap();
    assert!(matches!(
        caller(&t, &keys, &ada_token).await,
        Err(AuthError::Unauthenticated)
    ));

    users::Entity::delete_by_id(bob.id)
        .exec(&t.db)
        .await
        .unwrap();
    assert!(matches!(
        caller(&t, &keys, &bob_token).await,
        Err(AuthError::Unauthenticated)
    ));
}

#[tokio::test]
async fn a_password_reset_ends_earlier_tokens_and_the_new_password_works() {
    let t = test_db().await;
    let keys = keys(&t);
    auth::create_user(&t.db, "ada@example.com", PASSWORD, Role::Analyst, None)
        .await
        .unwrap();
    let old = log_in(&t, &keys, "ada@example.com", PASSWORD)
        .await
        .unwrap();
    assert!(matches!(
        auth::reset_password(&t.db, "ada@example.com", "short").await,
        Err(AuthError::BadInput(_))
    ));
    auth::reset_password(&t.db, "ada@example.com", "a brand new passphrase")
        .await
        .unwrap();
    assert!(matches!(
        caller(&t, &keys, &old).await,
        Err(AuthError::Unauthenticated)
    ));
    assert!(
        log_in(&t, &keys, "ada@example.com", PASSWORD)
            .await
            .is_err()
    );
    let new = log_in(&t, &keys, "ada@example.com", "a brand new passphrase")
        .await
        .unwrap();
    assert!(caller(&t, &keys, &new).await.is_ok());
}

#[tokio::test]
async fn creating_a_user_checks_email_password_role_and_partner() {
    let t = test_db().await;
    add_partner(&t.db, "P-0001").await;
    let bad = |r: Result<auth::User, AuthError>| matches!(r, Err(AuthError::BadInput(_)));
    assert!(bad(auth::create_user(
        &t.db,
        "not-an-email",
        PASSWORD,
        Role::Admin,
        None
    )
    .await));
    assert!(bad(auth::create_user(
        &t.db,
        "a@example.com",
        "elevenchars",
        Role::Admin,
        None
    )
    .await));
    assert!(bad(auth::create_user(
        &t.db,
        "a@example.com",
        PASSWORD,
        Role::PartnerAdmin,
        None
    )
    .await));
    assert!(bad(auth::create_user(
        &t.db,
        "a@example.com",
        PASSWORD,
        Role::PartnerAdmin,
        Some("P-404")
    )
    .await));
    assert!(bad(auth::create_user(
        &t.db,
        "a@example.com",
        PASSWORD,
        Role::Analyst,
        Some("P-0001")
    )
    .await));
    assert!(bad(auth::create_user(
        &t.db,
        "a@example.com",
        PASSWORD,
        Role::Admin,
        Some("P-0001")
    )
    .await));

    auth::create_user(&t.db, "a@example.com", PASSWORD, Role::Admin, None)
        .await
        .unwrap();
    let dup = auth::create_user(&t.db, "A@EXAMPLE.COM", PASSWORD, Role::Analyst, None).await;
    match dup {
        Err(AuthError::Conflict(msg)) => {
            let lower = msg.to_lowercase();
            assert!(
                !lower.contains("unique")
                    && !lower.contains("constraint")
                    && !lower.contains("sql"),
                "{msg}"
            );
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(users::Entity::find().all(&t.db).await.unwrap().len(), 1);
}

#[tokio::test]
async fn after_five_failed_logins_the_next_attempt_waits_even_with_the_right_password_until_cleared()
 {
    let t = test_db().await;
    let keys = keys(&t);
    auth::create_user(&t.db, "ada@example.com", PASSWORD, Role::Analyst, None)
        .await
        .unwrap();
    let limiter = LoginLimiter::default();
    let ip: Option<IpAddr> = Some([198, 51, 100, 7].into());
    for _ in 0..5 {
        let r = auth::login(
            &t.db,
            &keys,
            &limiter,
            "ada@example.com",
            "wrong password!",
            ip,
        )
        .await;
        assert!(matches!(r, Err(AuthError::Unauthenticated)));
    }
    let slowed = auth::login(&t.db, &keys, &limiter, "ada@example.com", PASSWORD, ip).await;
    assert!(
        matches!(
            slowed,
            Err(AuthError::TooManyAttempts {
                retry_after_secs: 1
            })
        ),
        "{slowed:?}"
    );
    // An administrator clears the account: the right password gets in at once.
    assert!(limiter.clear(&t.db, "ada@example.com").await.unwrap());
    assert!(
        auth::login(&t.db, &keys, &limiter, "ada@example.com", PASSWORD, ip)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_service_token_authenticates_until_revoked_and_is_stored_only_as_a_hash() {
    let t = test_db().await;
    let keys = keys(&t);
    let created = auth::create_service_token(&t.db, "powerbi", Role::Analyst, None, None, None)
        .await
        .unwrap();
    assert!(
        created.token.starts_with("pgs_") && created.token.len() == 47,
        "{}",
        created.token.len()
    );

    let who = caller(&t, &keys, &created.token).await.unwrap();
    assert_eq!(who.role, Some(Role::Analyst));
    assert_eq!(who.service_token_id, Some(created.id));
    assert_eq!(who.user_id, None);
    assert_eq!(who.label, "token:powerbi");
    assert!(who.can_read_partner(1) && !who.can_write_partner(1));

    let row = service_tokens::Entity::find_by_id(created.id)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.token_hash.len(), 64);
    assert!(!row.token_hash.contains(&created.token[4..]));
    assert!(row.last_used_at.is_some(), "the use is recorded");

    // One character off is another token.
    let mut forged = created.token.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'B' } else { 'A' });
    assert!(matches!(
        caller(&t, &keys, &forged).await,
        Err(AuthError::Unauthenticated)
    ));

    // The name is taken while the token is active.
    let dup = auth::create_service_token(&t.db, "powerbi", Role::Analyst, None, None, None).await;
    assert!(matches!(dup, Err(AuthError::Conflict(_))), "{dup:?}");

    auth::revoke_service_token(&t.db, "powerbi").await.unwrap();
    assert!(matches!(
        caller(&t, &keys, &created.token).await,
        Err(AuthError::Unauthenticated)
    ));
    assert!(matches!(
        auth::revoke_service_token(&t.db, "powerbi").await,
        Err(AuthError::BadInput(_))
    ));

    // After revoking, the name can be used again, and the list shows both.
    let second = auth::create_service_token(&t.db, "powerbi", Role::Analyst, None, None, None)
        .await
        .unwrap();
    assert!(caller(&t, &keys, &second.token).await.is_ok());
    let listed = auth::list_service_tokens(&t.db).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed[0].revoked_at.is_some() && listed[1].revoked_at.is_none());
}

#[tokio::test]
async fn an_expired_service_token_is_refused_and_a_partner_token_is_scoped() {
    let t = test_db().await;
    let keys = keys(&t);
    let p1 = add_partner(&t.db, "P-0001").await;
    let soon = auth::create_service_token(
        &t.db,
        "short-lived",
        Role::Analyst,
        None,
        Some(Utc::now() + chrono::Duration::hours(1)),
        None,
    )
    .await
    .unwrap();
    assert!(caller(&t, &keys, &soon.token).await.is_ok());
    // Move its expiry into the past (and creation further back, for the CHECK).
    service_tokens::Entity::update_many()
        .col_expr(
            service_tokens::Column::CreatedAt,
            sea_orm::sea_query::Expr::value(Utc::now() - chrono::Duration::hours(3)),
        )
        .col_expr(
            service_tokens::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(Utc::now() - chrono::Duration::hours(1)),
        )
        .filter(service_tokens::Column::Id.eq(soon.id))
        .exec(&t.db)
        .await
        .unwrap();
    assert!(matches!(
        caller(&t, &keys, &soon.token).await,
        Err(AuthError::Unauthenticated)
    ));

    let scoped = auth::create_service_token(
        &t.db,
        "p1-tool",
        Role::PartnerAdmin,
        Some("P-0001"),
        None,
        None,
    )
    .await
    .unwrap();
    let who = caller(&t, &keys, &scoped.token).await.unwrap();
    assert_eq!(who.partner, Some((p1, "P-0001".into())));
    assert!(who.can_read_partner(p1) && !who.can_read_partner(p1 + 1));
    let unscoped =
        auth::create_service_token(&t.db, "bad", Role::PartnerAdmin, None, None, None).await;
    assert!(matches!(unscoped, Err(AuthError::BadInput(_))));
}

#[tokio::test]
async fn the_generated_secret_file_is_private_and_reused_across_loads() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("x.db").display());
    let mut config = partnergraph_tests::config_for(&url, dir.path());
    config.jwt_secret = None;

    let first = AuthKeys::from_config(&config).unwrap();
    let path = dir.path().join("jwt-secret");
    let written = std::fs::read(&path).unwrap();
    assert!(written.len() >= 44, "{} bytes", written.len());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let second = AuthKeys::from_config(&config).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), written);
    // A token of the first start verifies after the "restart".
    let token = first.issue(1, Role::Analyst, None, 1).unwrap();
    assert_eq!(second.verify(&token).unwrap().user_id(), Some(1));
    // And not under a different secret.
    let other = AuthKeys::new(
        &"x9Lq2Vb7Rt4Nw8Kc1Zp5Hm3Jd6Fs0Gy!".into(),
        Duration::from_secs(900),
    )
    .unwrap();
    assert!(other.verify(&token).is_err());
}

#[tokio::test]
async fn postgres_without_a_configured_secret_or_with_a_weak_one_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = partnergraph_tests::config_for("postgres://u@127.0.0.1:1/db", dir.path());
    config.jwt_secret = None;
    let err = AuthKeys::from_config(&config).unwrap_err().to_string();
    assert!(err.contains("JWT_SECRET") && !err.contains('\n'), "{err}");
    config.jwt_secret = Some("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".into());
    let err = AuthKeys::from_config(&config).unwrap_err().to_string();
    assert!(err.contains("too weak") && !err.contains("aaaa"), "{err}");
}

#[tokio::test]
async fn the_users_and_tokens_commands_add_disable_create_and_revoke() {
    let t = test_db().await;
    let keys = keys(&t);
    add_partner(&t.db, "P-0001").await;
    cli::accounts::users(
        &t.config,
        UsersCommand::Add {
            email: "pa@example.com".into(),
            role: Role::PartnerAdmin,
            partner: Some("P-0001".into()),
            password: Some(PASSWORD.into()),
        },
    )
    .await
    .unwrap();
    assert!(log_in(&t, &keys, "pa@example.com", PASSWORD).await.is_ok());
    let dup = cli::accounts::users(
        &t.config,
        UsersCommand::Add {
            email: "pa@example.com".into(),
            role: Role::Analyst,
            partner: None,
            password: Some(PASSWORD.into()),
        },
    )
    .await
    .unwrap_err();
    assert!(format!("{dup:#}").contains("already exists"), "{dup:#}");

    cli::accounts::users(
        &t.config,
        UsersCommand::Disable {
            email: "pa@example.com".into(),
        },
    )
    .await
    .unwrap();
    assert!(log_in(&t, &keys, "pa@example.com", PASSWORD).await.is_err());

    cli::accounts::tokens(
        &t.config,
        TokensCommand::Create {
            name: "bi".into(),
            role: Role::Analyst,
            partner: None,
            expires_in_days: Some(30),
        },
    )
    .await
    .unwrap();
    let listed = auth::list_service_tokens(&t.db).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].expires_at.is_some());
    cli::accounts::tokens(&t.config, TokensCommand::Revoke { name: "bi".into() })
        .await
        .unwrap();
    assert!(
        auth::list_service_tokens(&t.db).await.unwrap()[0]
            .revoked_at
            .is_some()
    );
}
