//! The page frame, shared bits of HTML (maud escapes everything it prints),
//! and the static CSS and script.

use super::auth::User;
use axum::http::header;
use axum::response::IntoResponse;
use maud::{html, Markup, DOCTYPE};

const CSS: &str = include_str!("static/app.css");
const JS: &str = include_str!("static/app.js");

pub async fn css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS)
}

pub async fn js() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], JS)
}

/// A whole document: `lang` set, the viewport for phones and iPads.
fn document(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · consentgate" }
                link rel="stylesheet" href="/static/app.css";
            }
            body { (body) }
        }
    }
}

/// A page for a logged-in user, with the menu their role allows.
pub fn page(user: &User, here: &str, title: &str, body: Markup) -> Markup {
    let link = |href: &str, text: &str| {
        html! { a href=(href) class=[if here == href { Some("here") } else { None }] { (text) } }
    };
    document(
        title,
        html! {
        header {
            span.brand { "consentgate" }
            nav {
                (link("/tag", "To tag"))
                @if user.is_manager() {
                    (link("/dashboard", "Overview"))
                    (link("/quarantine", "Quarantine"))
                    (link("/gallery", "Gallery"))
                    (link("/register", "Consent register"))
                    (link("/devices", "Devices"))
                    (link("/retention", "Retention"))
                    (link("/incidents", "Incidents"))
                    (link("/disclosures", "Disclosures"))
                    (link("/audit", "Audit log"))
                    (link("/users", "Users"))
                }
            }
            form method="post" action="/logout" {
                (csrf(user))
                span.muted { (user.name) " · " }
                button type="submit" { "Log out" }
            }
        }
        main {
            h1 { (title) }
            (body)
            script src="/static/app.js" {}
        }
        },
    )
}

/// The hidden CSRF field every form carries.
pub fn csrf(user: &User) -> Markup {
    html! { input type="hidden" name="csrf" value=(user.csrf); }
}

/// A bare page with a message (errors, before login).
pub fn message(title: &str, text: &str) -> Markup {
    document(
        title,
        html! {
            main {
                h1 { (title) }
                p { (text) }
                p { a href="/" { "Back" } }
            }
        },
    )
}

/// A page for anyone (no login): the setup page.
pub fn public(title: &str, body: Markup) -> Markup {
    document(
        title,
        html! {
            header { span.brand { "consentgate" } }
            main { h1 { (title) } (body) }
        },
    )
}

/// What a page that must decrypt shows while the service is locked.
pub fn locked() -> (axum::http::StatusCode, Markup) {
    (
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        document(
            "Locked",
            html! {
                main {
                    h1 { "Photos cannot be shown yet" }
                    p { "consentgate restarted and is locked: photos keep coming in and are checked and                          encrypted, but none can be shown, redacted or exported until a manager unlocks it." }
                    p { a href="/unlock" { "Unlock (managers)" } " · " a href="/" { "Back" } }
                }
            },
        ),
    )
}

pub fn login(token: &str, error: Option<&str>) -> Markup {
    document(
        "Log in",
        html! {
        main {
            h1 { "consentgate" }
            div.card {
                @if let Some(e) = error { p.bad { (e) } }
                form method="post" action="/login" {
                    input type="hidden" name="csrf" value=(token);
                    p { label { "Name " input type="text" name="name" autocomplete="username" required autofocus; } }
                    p { label { "Password " input type="password" name="password" autocomplete="current-password" required; } }
                    button.primary type="submit" { "Log in" }
                }
            }
        }
        },
    )
}
