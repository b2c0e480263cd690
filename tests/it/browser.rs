//! Browser tests: Debian's chromium driven through chromedriver (W3C
//! WebDriver, spoken over HTTP with the test client), for what only a
//! browser shows — the scripts (dragging a card on the board, search while
//! typing), keyboard use, labels, and pages on a phone-sized screen.
//!
//! `.ci/run` installs `chromium` and `chromium-driver`; where chromedriver
//! is absent the tests say so and pass without checking anything.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use relais::entities::*;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, seeded_campaign, seeded_organisation};

/// The W3C name of an element reference in WebDriver answers.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long a condition may take to become true (a page load, a fetch).
const PATIENCE: Duration = Duration::from_secs(15);

fn installed(candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .find(|p| std::path::Path::new(p).exists())
        .map(|p| (*p).to_owned())
}

/// A headless chromium under its own chromedriver.
struct Browser {
    driver: Child,
    http: reqwest::Client,
    session: String,
}

impl Browser {
    /// A browser with a phone-sized window; `None` (with a note) when
    /// chromium or chromedriver is not installed.
    async fn start() -> Option<Browser> {
        let (Some(driver), Some(chromium)) = (
            installed(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]),
            installed(&["/usr/bin/chromium", "/usr/lib/chromium/chromium"]),
        ) else {
            eprintln!("note: chromium or chromedriver not installed; browser test skipped");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        let mut ready = false;
        for _ in 0..100 {
            if let Ok(r) = http.get(format!("{base}/status")).send().await
                && r.status().is_success()
            {
                ready = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(ready, "chromedriver answers");
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=390,844", "--lang=fr-FR"],
            },
        }}});
        let answer: Value = http
            .post(format!("{base}/session"))
            .json(&capabilities)
            .send()
            .await
            .expect("new session")
            .json()
            .await
            .expect("session answer");
        let session = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser session: {answer}"))
            .to_owned();
        let browser = Browser {
            driver: child,
            http,
            session: format!("{base}/session/{session}"),
        };
        browser.viewport(390, 844).await;
        Some(browser)
    }

    async fn command(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.session));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer: Value = request
            .send()
            .await
            .expect("webdriver request")
            .json()
            .await
            .expect("webdriver answer");
        if answer["value"]["error"].is_string() {
            panic!("{method} {path}: {}", answer["value"]);
        }
        answer["value"].clone()
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.command(reqwest::Method::POST, path, Some(body)).await
    }

    /// Shows pages `width` × `height` CSS pixels. Headless chromium will
    /// not make a window narrower than about 485 pixels, so a phone's
    /// width is emulated (as its developer tools do); a laptop's is the
    /// window's own.
    async fn viewport(&self, width: u32, height: u32) {
        if width < 600 {
            self.post(
                "/goog/cdp/execute",
                json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": {
                    "width": width, "height": height, "deviceScaleFactor": 3, "mobile": true}}),
            )
            .await;
        } else {
            self.post(
                "/goog/cdp/execute",
                json!({"cmd": "Emulation.clearDeviceMetricsOverride", "params": {}}),
            )
            .await;
            self.post("/window/rect", json!({"width": width, "height": height}))
                .await;
        }
    }

    /// Opens `url` and waits for its new document to have loaded: the old
    /// one is marked first, so a check made next can never read the page
    /// being left (going to the same address again is a reload).
    async fn goto(&self, url: &str) {
        self.run("window.__relaisLeft = true;", json!([])).await;
        self.post("/url", json!({ "url": url })).await;
        self.wait_until(
            &format!("the new page {url}"),
            "return !window.__relaisLeft && document.readyState === 'complete';",
            json!([]),
        )
        .await;
    }

    async fn find(&self, css: &str) -> String {
        let found = self
            .post("/element", json!({"using": "css selector", "value": css}))
            .await;
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_owned()
    }

    async fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css).await;
        self.post(
            &format!("/element/{element}/value"),
            json!({ "text": text }),
        )
        .await;
    }

    async fn click(&self, css: &str) {
        let element = self.find(css).await;
        self.post(&format!("/element/{element}/click"), json!({}))
            .await;
    }

    /// Runs `script` (a function body; `arguments` are `args`) in the page.
    async fn run(&self, script: &str, args: Value) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
            .await
    }

    /// Waits until `script` returns true; panics naming `what` otherwise.
    async fn wait_until(&self, what: &str, script: &str, args: Value) {
        let started = std::time::Instant::now();
        while started.elapsed() < PATIENCE {
            if self.run(script, args.clone()).await == json!(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("waited in vain for {what}");
    }

    /// One press of the Tab key, as a person at a keyboard.
    async fn press_tab(&self) {
        let tab = "\u{E004}";
        self.post(
            "/actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                {"type": "keyDown", "value": tab}, {"type": "keyUp", "value": tab}]}]}),
        )
        .await;
        self.command(reqwest::Method::DELETE, "/actions", None)
            .await;
    }

    /// A browser signed in with a new account of `role` on a new app.
    async fn signed_in(role: Role) -> Option<(Browser, TestApp)> {
        let browser = Browser::start().await?;
        let app = TestApp::spawn().await;
        app.create_user(role).await;
        browser.log_in(&app, role).await;
        Some((browser, app))
    }

    /// Signs in through the login form.
    async fn log_in(&self, app: &TestApp, role: Role) {
        self.goto(&app.url("/login")).await;
        self.type_into(
            "input[name=email]",
            &format!("{}@example.org", role.as_str()),
        )
        .await;
        self.type_into("input[name=password]", PASSWORD).await;
        self.click("form button[type=submit]").await;
        self.wait_until(
            "the dashboard after login",
            "return location.pathname === '/' && !!document.querySelector('nav .nav-links');",
            json!([]),
        )
        .await;
    }

    async fn quit(mut self) {
        let _ = self.http.delete(&self.session).send().await.map(|_| ());
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A failed test still stops its driver (and the browser with it).
        let _ = self.driver.kill();
    }
}

#[tokio::test]
async fn dragging_a_card_moves_it_on_the_board_and_in_the_database() {
    let Some((browser, app)) = Browser::signed_in(Role::Volunteer).await else {
        return;
    };
    let campaign = seeded_campaign(&app).await;
    let card = outreach_status::Entity::find()
        .filter(outreach_status::Column::CampaignId.eq(campaign.id))
        .filter(outreach_status::Column::Stage.ne(Stage::InDiscussion))
        .one(&app.db)
        .await
        .expect("query")
        .expect("a card on the seeded board");
    browser
        .goto(&app.url(&format!("/campaigns/{}/board", campaign.id)))
        .await;
    let count_of =
        "return document.querySelector(`[data-stage='${arguments[0]}'] [data-count]`).textContent;";
    let counts_before = (
        browser.run(count_of, json!([card.stage.as_str()])).await,
        browser.run(count_of, json!(["in_discussion"])).await,
    );
    // Chromium's WebDriver cannot perform a native HTML drag: the page's
    // own drag events are dispatched instead, as a mouse drag would.
    browser
        .run(
            "const card = document.querySelector(`[data-outreach='${arguments[0]}']`);
             const column = document.querySelector(\"[data-stage='in_discussion']\");
             const data = new DataTransfer();
             card.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: data}));
             column.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: data}));
             column.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: data}));",
            json!([card.id]),
        )
        .await;
    browser
        .wait_until(
            "the card in its new column",
            "return !!document.querySelector(`[data-stage='in_discussion'] [data-outreach='${arguments[0]}']`);",
            json!([card.id]),
        )
        .await;
    let moved = outreach_status::Entity::find_by_id(card.id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("card");
    assert_eq!(moved.stage, Stage::InDiscussion);
    assert_eq!(moved.version, card.version + 1);
    let history = outreach_stage_change::Entity::find()
        .filter(outreach_stage_change::Column::OutreachStatusId.eq(card.id))
        .filter(outreach_stage_change::Column::ToStage.eq(Stage::InDiscussion))
        .all(&app.db)
        .await
        .expect("history");
    assert_eq!(history.len(), 1, "the move is in the history");
    // Both columns' counts follow the move (the true counts of the answer).
    let number = |v: &Value| {
        v.as_str()
            .and_then(|t| t.parse::<i64>().ok())
            .expect("a count")
    };
    browser
        .wait_until(
            "the counts updated",
            "return document.querySelector(\"[data-stage='in_discussion'] [data-count]\").textContent === arguments[0];",
            json!([(number(&counts_before.1) + 1).to_string()]),
        )
        .await;
    let from_count = browser.run(count_of, json!([card.stage.as_str()])).await;
    assert_eq!(number(&from_count), number(&counts_before.0) - 1);
    // The page drawn by the server agrees after a reload.
    browser
        .goto(&app.url(&format!("/campaigns/{}/board", campaign.id)))
        .await;
    let column_of_card = browser
        .run(
            "const card = document.querySelector(`[data-outreach='${arguments[0]}']`);
             const column = card && card.closest('[data-stage]');
             return column ? column.dataset.stage : `no card on ${location.pathname}: ${document.title}`;",
            json!([card.id]),
        )
        .await;
    assert_eq!(column_of_card, json!("in_discussion"));
    browser.quit().await;
}

#[tokio::test]
async fn search_results_follow_the_typing() {
    let Some((browser, app)) = Browser::signed_in(Role::Viewer).await else {
        return;
    };
    // The index is built in the background at start: typing before it is
    // done would rightly find nothing and fetch no more.
    for _ in 0..300 {
        if crate::search::search_backlog(&app).await["pending"] == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    browser.goto(&app.url("/search")).await;
    browser
        .type_into("#search-form input[name=q]", "cryptob")
        .await;
    browser
        .wait_until(
            "a hit for the seeded list while typing",
            "const hits = document.querySelector('#search-results ol.hits');
             return !!hits && hits.textContent.includes('Liste cryptobib');",
            json!([]),
        )
        .await;
    let address = browser.run("return location.search;", json!([])).await;
    assert!(
        address.as_str().is_some_and(|a| a.contains("q=cryptob")),
        "the address follows the query, so it can be shared: {address}"
    );
    browser.quit().await;
}

/// Pages that must work with the keyboard, with labelled fields, on a phone.
fn pages(campaign: i32, organisation: i32, kit: i32) -> Vec<String> {
    vec![
        "/".into(),
        "/organisations".into(),
        format!("/organisations/{organisation}"),
        "/organisations/new".into(),
        "/people/new".into(),
        "/interactions/new".into(),
        "/agenda".into(),
        "/events/new".into(),
        format!("/campaigns/{campaign}"),
        format!("/campaigns/{campaign}/board"),
        format!("/campaigns/{campaign}/progress"),
        "/campaigns/new".into(),
        "/workshops".into(),
        format!("/workshops/kits/{kit}"),
        "/workshops/kits/new".into(),
        "/workshops/sessions/new".into(),
        "/imports".into(),
        "/search?q=bibliotheque".into(),
    ]
}

#[tokio::test]
async fn pages_fit_a_phone_have_labelled_fields_and_start_with_a_skip_link() {
    let Some((browser, app)) = Browser::signed_in(Role::Volunteer).await else {
        return;
    };
    let campaign = seeded_campaign(&app).await;
    let organisation = seeded_organisation(&app, "rennes-comite-numerique").await;
    let kit = workshop_kit::Entity::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("seeded kit");
    for path in pages(campaign.id, organisation.id, kit.id) {
        browser.goto(&app.url(&path)).await;
        let title = browser.run("return document.title;", json!([])).await;
        assert!(
            !title.as_str().unwrap_or("").is_empty(),
            "{path} has a title"
        );
        // No sideways scrolling of the page on a 390-pixel-wide screen
        // (wide tables scroll inside their own box).
        let overflow = browser
            .run(
                "const width = document.documentElement.clientWidth;
                 if (document.documentElement.scrollWidth <= width) return [];
                 // The innermost elements sticking out, to name the culprit.
                 return [...document.querySelectorAll('body *')]
                   .filter(e => e.getBoundingClientRect().right > width + 1)
                   .filter(e => {
                     for (let a = e.parentElement; a; a = a.parentElement) {
                       if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return false;
                     }
                     return true;
                   })
                   .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
                   .slice(0, 3).map(e => e.outerHTML.slice(0, 120));",
                json!([]),
            )
            .await;
        assert_eq!(
            overflow,
            json!([]),
            "{path} is wider than a phone screen because of these"
        );
        // Every field a person fills in has a label (or an accessible name).
        let unlabelled = browser
            .run(
                "return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                   .filter(f => f.labels.length === 0 && !f.getAttribute('aria-label') && !f.getAttribute('aria-labelledby'))
                   .map(f => f.name || f.id || f.outerHTML.slice(0, 80));",
                json!([]),
            )
            .await;
        assert_eq!(unlabelled, json!([]), "{path}: fields without a label");
        // One h1 names the page.
        let headings = browser
            .run("return document.querySelectorAll('h1').length;", json!([]))
            .await;
        assert_eq!(headings, json!(1), "{path}: one h1");
        // The skip link comes first in the keyboard order, and the first Tab
        // reaches it (on pages that do not put the focus in a field at once).
        let first = browser
            .run(
                "const f = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]')]
                   .find(e => e.tabIndex >= 0 && !e.disabled);
                 return f ? f.className + ' ' + f.getAttribute('href') : '';",
                json!([]),
            )
            .await;
        assert_eq!(first, json!("skip-link #main"), "{path}: skip link first");
        let untouched = browser
            .run(
                "return document.activeElement === document.body;",
                json!([]),
            )
            .await;
        if untouched == json!(true) {
            browser.press_tab().await;
            let focused = browser
                .run(
                    "const a = document.activeElement; return a.className + ' ' + a.getAttribute('href');",
                    json!([]),
                )
                .await;
            assert_eq!(
                focused,
                json!("skip-link #main"),
                "{path}: Tab first reaches the skip link"
            );
        }
        let target = browser
            .run("return !!document.getElementById('main');", json!([]))
            .await;
        assert_eq!(target, json!(true), "{path}: the skip link has a target");
    }
    browser.quit().await;
}

#[tokio::test]
async fn the_organisation_picker_is_used_with_the_keyboard_and_the_contact_is_logged() {
    let Some((browser, app)) = Browser::signed_in(Role::Volunteer).await else {
        return;
    };
    let ping = seeded_organisation(&app, "ping").await;
    browser.goto(&app.url("/interactions/new")).await;
    // The index is built at startup: wait until it knows Ping.
    browser
        .wait_until(
            "the picker's lookup to know Ping",
            "const x = new XMLHttpRequest();
             x.open('GET', '/pick/organisations?q=ping', false);
             x.setRequestHeader('Accept', 'application/json');
             x.send();
             return x.status === 200 && x.responseText.includes('\"label\":\"Ping\"');",
            json!([]),
        )
        .await;
    browser.type_into("#field-organisation_id", "ping").await;
    browser
        .wait_until(
            "the suggestions under the field",
            "const input = document.getElementById('field-organisation_id');
             const list = document.getElementById(input.getAttribute('aria-controls'));
             return !list.hidden && input.getAttribute('aria-expanded') === 'true'
               && [...list.querySelectorAll('[role=option]')].some(o => o.textContent.startsWith('Ping'));",
            json!([]),
        )
        .await;
    // Down and up again with the arrows, then Enter on Ping (first).
    for key in ["\u{E015}", "\u{E013}"] {
        let element = browser.find("#field-organisation_id").await;
        browser
            .post(&format!("/element/{element}/value"), json!({ "text": key }))
            .await;
    }
    let active = browser
        .run(
            "const input = document.getElementById('field-organisation_id');
             const option = document.getElementById(input.getAttribute('aria-activedescendant'));
             return option ? option.textContent : '';",
            json!([]),
        )
        .await;
    assert!(
        active.as_str().is_some_and(|t| t.starts_with("Ping")),
        "Ping is the active suggestion: {active}"
    );
    let element = browser.find("#field-organisation_id").await;
    browser
        .post(
            &format!("/element/{element}/value"),
            json!({ "text": "\u{E007}" }),
        )
        .await;
    let chosen = browser
        .run(
            "return [document.querySelector('input[name=organisation_id]').value,
                     document.getElementById('field-organisation_id').value,
                     document.getElementById('field-organisation_id').getAttribute('aria-expanded'),
                     location.pathname];",
            json!([]),
        )
        .await;
    assert_eq!(
        chosen,
        json!([ping.id.to_string(), "Ping", "false", "/interactions/new"]),
        "Enter chose Ping without sending the form"
    );
    browser
        .type_into("textarea[name=summary]", "Choisie au clavier dans la liste")
        .await;
    browser
        .click("form[action='/interactions'] button[type=submit]")
        .await;
    browser
        .wait_until(
            "Ping's page with the contact",
            "return location.pathname === arguments[0]
               && document.body.textContent.includes('Choisie au clavier dans la liste');",
            json!([format!("/organisations/{}", ping.id)]),
        )
        .await;
    browser.quit().await;
}

#[tokio::test]
async fn a_board_of_many_cards_fits_a_laptop_and_a_phone_with_every_control_visible() {
    let Some((browser, app)) = Browser::signed_in(Role::Volunteer).await else {
        return;
    };
    let campaign = crate::campaign::big_board(&app, 300, None).await;
    for (width, height) in [(1366, 768), (390, 844)] {
        browser.viewport(width, height).await;
        browser
            .goto(&app.url(&format!("/campaigns/{}/board", campaign.id)))
            .await;
        // The page itself never scrolls sideways: the columns scroll in the board.
        let sideways = browser
            .run(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
                json!([]),
            )
            .await;
        assert_eq!(sideways, json!(0), "{width} px: the page scrolls sideways");
        // Nor with cards in the far columns (the seeded campaign has some).
        let seeded = crate::helpers::seeded_campaign(&app).await;
        browser
            .goto(&app.url(&format!("/campaigns/{}/board", seeded.id)))
            .await;
        let sideways = browser
            .run(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
                json!([]),
            )
            .await;
        assert_eq!(
            sideways,
            json!(0),
            "{width} px: the seeded board scrolls sideways"
        );
        browser
            .goto(&app.url(&format!("/campaigns/{}/board", campaign.id)))
            .await;
        let board = browser
            .run(
                "return getComputedStyle(document.querySelector('.board')).overflowX;",
                json!([]),
            )
            .await;
        assert_eq!(board, json!("auto"), "the board scrolls inside itself");
        // Each card's controls (the move form, the edit summary) lie
        // wholly inside the card: none is cut.
        let cut = browser
            .run(
                "return [...document.querySelectorAll('.board .card')].flatMap(card => {
                   const box = card.getBoundingClientRect();
                   return [...card.querySelectorAll('select, button, summary')]
                     .filter(c => { const r = c.getBoundingClientRect();
                       return r.width === 0 || r.left < box.left - 1 || r.right > box.right + 1; })
                     .map(c => card.dataset.outreach + ': ' + c.outerHTML.slice(0, 60));
                 }).slice(0, 3);",
                json!([]),
            )
            .await;
        assert_eq!(cut, json!([]), "{width} px: controls cut in their card");
        // The filters and the "see more" link are within the screen's width.
        let outside = browser
            .run(
                "const width = document.documentElement.clientWidth;
                 return [...document.querySelectorAll('.board-filters select, .board-filters button, .board-filters a')]
                   .filter(c => c.getBoundingClientRect().right > width + 1)
                   .map(c => c.name || c.outerHTML.slice(0, 60));",
                json!([]),
            )
            .await;
        assert_eq!(outside, json!([]), "{width} px: filters off screen");
        let more = browser
            .run(
                "return document.querySelectorAll(\"[data-stage='to_contact'] .card\").length + ' ' +
                   !!document.querySelector(\"[data-stage='to_contact'] a[rel=next]\");",
                json!([]),
            )
            .await;
        assert_eq!(
            more,
            json!("15 true"),
            "a bounded column with a link to the rest"
        );
    }
    browser.quit().await;
}

/// The pages of issue #22, at a laptop's and a phone's size.
fn designed_pages(campaign: i32, organisation: i32, person: i32) -> Vec<String> {
    vec![
        "/".into(),
        "/organisations".into(),
        format!("/organisations/{organisation}"),
        format!("/people/{person}"),
        "/interactions/new".into(),
        "/agenda".into(),
        "/agenda?view=month".into(),
        format!("/campaigns/{campaign}"),
        format!("/campaigns/{campaign}/board"),
        format!("/campaigns/{campaign}/progress"),
        "/workshops".into(),
        "/search?q=bibliotheque".into(),
    ]
}

#[tokio::test]
async fn the_main_pages_fit_a_laptop_and_a_phone_with_calm_headings_and_the_stage_in_view() {
    let Some((browser, app)) = Browser::signed_in(Role::Volunteer).await else {
        return;
    };
    let campaign = seeded_campaign(&app).await;
    // cryptobib stands at the "relay" stage of the seeded campaign.
    let organisation = seeded_organisation(&app, "cryptobib").await;
    let staged = outreach_status::Entity::find()
        .filter(outreach_status::Column::CampaignId.eq(campaign.id))
        .filter(outreach_status::Column::OrganisationId.eq(organisation.id))
        .one(&app.db)
        .await
        .expect("query");
    assert!(staged.is_some(), "the organisation has a stage");
    let now = app.now();
    let person = person::ActiveModel {
        full_name: Set("Camille Martin".into()),
        email: Set(Some("camille@example.org".into())),
        lawful_basis: Set(LawfulBasis::LegitimateInterest),
        do_not_contact: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("person");
    for (width, height) in [(1366, 900), (390, 844)] {
        browser.viewport(width, height).await;
        for path in designed_pages(campaign.id, organisation.id, person.id) {
            browser.goto(&app.url(&path)).await;
            // No sideways scrolling (wide tables and the board scroll in their box).
            let sideways = browser
                .run(
                    "return [document.documentElement.scrollWidth, window.innerWidth];",
                    json!([]),
                )
                .await;
            if width < 600 {
                assert_eq!(
                    sideways[1],
                    json!(width),
                    "{path}: a {width}-pixel-wide screen"
                );
            }
            assert!(
                sideways[0].as_i64() <= sideways[1].as_i64(),
                "{width} px, {path}: the page scrolls sideways ({sideways})"
            );
            // Headings at a calm scale: no h1 above 32 px on a laptop.
            if width > 1000 {
                let sizes = browser
                    .run(
                        "return [...document.querySelectorAll('h1')].map(h => parseFloat(getComputedStyle(h).fontSize));",
                        json!([]),
                    )
                    .await;
                let sizes = sizes.as_array().cloned().unwrap_or_default();
                assert!(!sizes.is_empty(), "{path}: an h1");
                assert!(
                    sizes.iter().all(|s| s.as_f64().unwrap_or(99.0) <= 32.0),
                    "{width} px, {path}: h1 of {sizes:?} px"
                );
            }
        }
        // The organisation page shows its stage and "log a contact" in the
        // first screen.
        browser
            .goto(&app.url(&format!("/organisations/{}", organisation.id)))
            .await;
        let in_view = browser
            .run(
                "const seen = (css) => [...document.querySelectorAll(css)].some(e => {
                   const r = e.getBoundingClientRect();
                   return r.width > 0 && r.height > 0 && r.top >= 0 && r.top < window.innerHeight;
                 });
                 return {
                   stage: seen(\"main .badge[data-vocabulary='stage']\"),
                   log: seen(\"main a[href^='/interactions/new?organisation=']\"),
                 };",
                json!([]),
            )
            .await;
        assert_eq!(
            in_view,
            json!({"stage": true, "log": true}),
            "{width} px: the organisation's stage and \"Noter un échange\" in the first screen"
        );
    }
    browser.quit().await;
}

#[tokio::test]
async fn the_stand_capture_form_is_filled_in_on_a_phone_with_javascript_disabled() {
    let Some((browser, app)) = Browser::signed_in(Role::Volunteer).await else {
        return;
    };
    let now = app.now();
    let stand = event::ActiveModel {
        title: Set("Journée professionnelle des bibliothèques".into()),
        kind: Set(EventKind::ProfessionalDay),
        all_day: Set(true),
        start_local: Set(app.today().and_hms_opt(0, 0, 0).expect("midnight")),
        time_zone: Set("Europe/Paris".into()),
        starts_at: Set(now),
        online: Set(false),
        participation: Set(Participation::Attending),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("event");
    // A phone's screen, 390 CSS pixels wide (headless chromium will not
    // make a window that narrow), and scripts off from now on, as on a
    // phone that blocks them.
    browser.viewport(390, 844).await;
    browser
        .post(
            "/goog/cdp/execute",
            json!({"cmd": "Emulation.setScriptExecutionDisabled", "params": {"value": true}}),
        )
        .await;
    let path = format!("/events/{}/capture", stand.id);
    browser.goto(&app.url(&path)).await;
    let page = browser
        .run(
            "const width = document.documentElement.clientWidth;
             const button = document.querySelector('form.capture-form button[type=submit]').getBoundingClientRect();
             return {
               width,
               // app.js shows the menu button: still hidden, it did not run.
               script_ran: !document.querySelector('.menu-toggle').hidden,
               overflows: document.documentElement.scrollWidth > width,
               button_inside: button.left >= 0 && button.right <= width && button.width > 0,
               unlabelled: [...document.querySelectorAll('form.capture-form input:not([type=hidden]), form.capture-form textarea')]
                 .filter(f => f.labels.length === 0).map(f => f.name),
               fields: [...document.querySelectorAll('form.capture-form [name]')].map(f => f.name)
                 .filter(n => !n.startsWith('_')),
             };",
            json!([]),
        )
        .await;
    assert_eq!(page["width"], json!(390), "a 390-pixel-wide screen");
    assert_eq!(page["script_ran"], json!(false), "JavaScript is disabled");
    assert_eq!(page["overflows"], json!(false), "no sideways scrolling");
    assert_eq!(
        page["button_inside"],
        json!(true),
        "the button is on screen"
    );
    assert_eq!(page["unlabelled"], json!([]), "every field has its label");
    assert_eq!(
        page["fields"],
        json!([
            "full_name",
            "organisation",
            "role",
            "contact",
            "asked",
            "follow_up"
        ]),
        "one screen: who, where, role, how to reach them, what they asked, follow-up"
    );

    browser.type_into("#field-full_name", "Alix Martin").await;
    browser
        .type_into("#field-organisation", "Médiathèque du Bois-Joli")
        .await;
    browser.type_into("#field-role", "médiatrice").await;
    browser
        .type_into("#field-contact", "alix.martin@example.org")
        .await;
    browser
        .type_into("#field-asked", "Le kit sur les traces en ligne")
        .await;
    browser.click("#field-follow_up").await;
    browser.click("form.capture-form button[type=submit]").await;
    browser
        .wait_until(
            "the empty form again, saying it was saved",
            "return location.pathname === arguments[0]
               && !!document.querySelector('.flash')
               && document.querySelector('#field-full_name').value === '';",
            json!([path]),
        )
        .await;
    let saved = capture_entry::Entity::find()
        .filter(capture_entry::Column::EventId.eq(stand.id))
        .one(&app.db)
        .await
        .expect("query")
        .expect("the entry is in the queue");
    assert_eq!(saved.full_name.as_deref(), Some("Alix Martin"));
    assert_eq!(saved.contact.as_deref(), Some("alix.martin@example.org"));
    assert!(saved.follow_up, "the box ticked");
    browser.quit().await;
}

#[tokio::test]
async fn around_me_on_a_phone_adds_to_a_tour_and_shows_the_tour() {
    let Some((browser, app)) = Browser::signed_in(Role::Volunteer).await else {
        return;
    };
    crate::around::some_communes(&app).await;
    let now = app.now();
    for (i, (lat, lon)) in [
        (48.13, -1.21),
        (48.10, -1.15),
        (48.20, -1.30),
        (48.05, -1.05),
    ]
    .into_iter()
    .enumerate()
    {
        organisation::ActiveModel {
            name: Set(format!(
                "Médiathèque intercommunale du Pays de Vitré, antenne numéro {i}"
            )),
            sort_name: Set(Some(format!("mediatheque {i}"))),
            kind: Set(OrgKind::Library),
            scope: Set(Scope::Local),
            commune: Set(Some("Vitré".into())),
            commune_code: Set(Some("35360".into())),
            address: Set(Some("2 rue de la Poterie".into())),
            latitude: Set(Some(lat)),
            longitude: Set(Some(lon)),
            weekly_opening_hours: Set(Some(24.0)),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("organisation");
    }
    browser.viewport(390, 844).await;
    // "My commune", typed and sent as is: the server finds it.
    browser.goto(&app.url("/account/commune")).await;
    browser.type_into("#field-commune_code", "Vitré").await;
    browser
        .run(
            "document.querySelector('form[action=\"/account/commune\"]').requestSubmit();",
            json!([]),
        )
        .await;
    browser
        .wait_until(
            "my commune saved",
            "return !!document.querySelector('.flash') && !!document.querySelector('a[href=\"/communes/35360\"]');",
            json!([]),
        )
        .await;
    // Around me: the list fits the phone, nearest first.
    browser.goto(&app.url("/around?me=1")).await;
    let fits = "const width = document.documentElement.clientWidth;
        const button = document.querySelector('.add-to-tour button');
        const r = button ? button.getBoundingClientRect() : null;
        return {
          width,
          overflows: document.documentElement.scrollWidth > width,
          items: document.querySelectorAll('[data-around] > li').length,
          button_inside: !!r && r.left >= 0 && r.right <= width && r.width > 0,
          distances: [...document.querySelectorAll('[data-distance]')].map(e => Number(e.dataset.distance)),
        };";
    let page = browser.run(fits, json!([])).await;
    assert_eq!(page["width"], json!(390));
    assert_eq!(
        page["overflows"],
        json!(false),
        "no sideways scrolling: {page}"
    );
    assert_eq!(page["items"], json!(4), "{page}");
    assert_eq!(page["button_inside"], json!(true), "{page}");
    let distances: Vec<f64> = page["distances"]
        .as_array()
        .expect("distances")
        .iter()
        .map(|d| d.as_f64().expect("number"))
        .collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
    // Add the nearest to the tour: back on the list, marked.
    browser.click(".add-to-tour button").await;
    browser
        .wait_until(
            "the list again, the stop in the tour",
            "return !!document.querySelector('.flash') && !!document.querySelector('.in-tour')
               && !!document.querySelector('[data-open-tour]');",
            json!([]),
        )
        .await;
    browser.click("[data-open-tour]").await;
    browser
        .wait_until(
            "the tour page",
            "return location.pathname.startsWith('/tours/') && !!document.querySelector('.tour-stop');",
            json!([]),
        )
        .await;
    let tour = browser
        .run(
            "const width = document.documentElement.clientWidth;
             const submit = document.querySelector('.tour-record button[type=submit]').getBoundingClientRect();
             return {
               overflows: document.documentElement.scrollWidth > width,
               stops: document.querySelectorAll('.tour-stop').length,
               text: document.querySelector('.tour-page').innerText,
               submit_inside: submit.left >= 0 && submit.right <= width && submit.width > 0,
             };",
            json!([]),
        )
        .await;
    assert_eq!(tour["overflows"], json!(false), "{tour}");
    assert_eq!(tour["stops"], json!(1));
    assert_eq!(tour["submit_inside"], json!(true));
    let text = tour["text"].as_str().expect("text");
    // In the browser's language (French, or English).
    assert!(
        (text.contains("plus proche voisin") && text.contains("24 h par semaine"))
            || (text.contains("nearest neighbour") && text.contains("24 h a week")),
        "{text}"
    );
    assert!(text.contains("2 rue de la Poterie"), "{text}");
    browser.quit().await;
}

/// Keys pressed together then released, as a person at a keyboard.
async fn press_keys(browser: &Browser, keys: &[&str]) {
    let mut actions: Vec<Value> = keys
        .iter()
        .map(|k| json!({"type": "keyDown", "value": k}))
        .collect();
    actions.extend(
        keys.iter()
            .rev()
            .map(|k| json!({"type": "keyUp", "value": k})),
    );
    browser
        .post(
            "/actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}),
        )
        .await;
    browser
        .command(reqwest::Method::DELETE, "/actions", None)
        .await;
}

#[tokio::test]
async fn the_command_palette_is_opened_and_used_with_the_keyboard_only() {
    let Some((browser, app)) = Browser::signed_in(Role::Volunteer).await else {
        return;
    };
    let ping = seeded_organisation(&app, "ping").await;
    browser.goto(&app.url("/agenda")).await;
    browser
        .wait_until(
            "the palette's lookup to know Ping",
            "const x = new XMLHttpRequest();
             x.open('GET', '/go?q=ping', false);
             x.setRequestHeader('Accept', 'application/json');
             x.send();
             return x.status === 200 && x.responseText.includes('\"label\":\"Ping\"');",
            json!([]),
        )
        .await;
    // Ctrl+K opens it, the field has the focus.
    press_keys(&browser, &["\u{E009}", "k"]).await;
    browser
        .wait_until(
            "the palette open with its field focused",
            "const d = document.getElementById('palette');
             return d.open && document.activeElement === document.getElementById('palette-q');",
            json!([]),
        )
        .await;
    press_keys(&browser, &["p"]).await;
    for key in ["i", "n", "g"] {
        press_keys(&browser, &[key]).await;
    }
    browser
        .wait_until(
            "Ping as the first suggestion",
            "const input = document.getElementById('palette-q');
             const option = document.getElementById(input.getAttribute('aria-activedescendant') || 'none');
             return !!option && option.textContent.startsWith('Ping');",
            json!([]),
        )
        .await;
    press_keys(&browser, &["\u{E007}"]).await;
    browser
        .wait_until(
            "Ping's page",
            "return location.pathname === arguments[0];",
            json!([format!("/organisations/{}", ping.id)]),
        )
        .await;
    // Escape closes it without going anywhere.
    press_keys(&browser, &["\u{E009}", "k"]).await;
    browser
        .wait_until(
            "the palette open",
            "return document.getElementById('palette').open;",
            json!([]),
        )
        .await;
    press_keys(&browser, &["\u{E00C}"]).await;
    browser
        .wait_until(
            "the palette closed",
            "return !document.getElementById('palette').open;",
            json!([]),
        )
        .await;
    browser.quit().await;
}

#[tokio::test]
async fn ticked_organisations_get_a_tag_in_one_bulk_action() {
    let Some((browser, app)) = Browser::signed_in(Role::Volunteer).await else {
        return;
    };
    browser
        .goto(&app.url("/organisations?kind=departmental_library"))
        .await;
    let ticked = browser
        .run(
            "const boxes = [...document.querySelectorAll('input[name=id][form=bulk]')].slice(0, 2);
             boxes.forEach(b => b.click());
             return boxes.map(b => Number(b.value));",
            json!([]),
        )
        .await;
    let ids: Vec<i64> = ticked
        .as_array()
        .expect("ids")
        .iter()
        .filter_map(Value::as_i64)
        .collect();
    assert_eq!(ids.len(), 2, "two rows ticked");
    browser
        .run(
            "document.getElementById('field-action').value = 'add_tags';
             document.querySelector('#bulk button[type=submit]').click();",
            json!([]),
        )
        .await;
    // The confirmation page carries exactly the two ticked records.
    browser
        .wait_until(
            "the confirmation with the two records",
            "return !!document.getElementById('field-tags')
               && document.querySelectorAll('form[action=\"/organisations/bulk\"] input[name=id]').length === 2;",
            json!([]),
        )
        .await;
    browser
        .type_into("#field-tags", "tournée de printemps")
        .await;
    browser
        .run(
            "document.querySelector('form[action=\"/organisations/bulk\"] button[type=submit]').click();",
            json!([]),
        )
        .await;
    browser
        .wait_until(
            "the report",
            "return location.pathname === '/organisations/bulk' && !document.getElementById('field-tags');",
            json!([]),
        )
        .await;
    for id in ids {
        let tags = relais::directory::store::tag_names(&app.db, id as i32)
            .await
            .expect("tags");
        assert!(
            tags.contains(&"tournée de printemps".to_owned()),
            "{tags:?}"
        );
    }
    browser.quit().await;
}

#[tokio::test]
async fn two_organisations_are_compared_and_merged_in_the_browser() {
    let Some((browser, app)) = Browser::signed_in(Role::Volunteer).await else {
        return;
    };
    let login = app
        .post_form(
            "/login",
            &[
                ("email", "volunteer@example.org"),
                ("password", crate::helpers::PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(login.status(), 303);
    let kept = crate::instances::create_organisation(&app, "Médiathèque La Source").await;
    let merged =
        crate::instances::create_organisation(&app, "Mediatheque la Source (import)").await;
    browser
        .goto(&app.url(&format!("/organisations/{kept}")))
        .await;
    browser.click("a[href$='/merge']").await;
    browser
        .wait_until(
            "the page to choose the other record",
            "return location.pathname.endsWith('/merge') && !!document.getElementById('field-with');",
            json!([]),
        )
        .await;
    // Without the picker's suggestions: the name typed is resolved.
    browser
        .type_into("#field-with", "Mediatheque la Source (import)")
        .await;
    browser
        .run(
            "document.querySelector('form[action$=\"/merge\"] button[type=submit]').click();",
            json!([]),
        )
        .await;
    browser
        .wait_until(
            "the comparison",
            "return !!document.querySelector('input[name=\"field.name\"][value=merged]');",
            json!([]),
        )
        .await;
    browser
        .run(
            "document.querySelector('input[name=\"field.name\"][value=merged]').click();
             window.confirm = () => true;
             document.querySelector('form[method=post][action$=\"/merge\"] button[type=submit]').click();",
            json!([]),
        )
        .await;
    browser
        .wait_until(
            "the kept record's page",
            "return location.pathname === arguments[0];",
            json!([format!("/organisations/{kept}")]),
        )
        .await;
    let name = relais::directory::store::get(&app.db, kept)
        .await
        .expect("query")
        .expect("kept")
        .name;
    assert_eq!(name, "Mediatheque la Source (import)", "the chosen name");
    assert!(
        relais::directory::store::get(&app.db, merged)
            .await
            .expect("query")
            .is_none()
    );
    browser.quit().await;
}

#[tokio::test]
async fn two_people_are_compared_and_merged_on_a_phone() {
    let Some((browser, app)) = Browser::signed_in(Role::Volunteer).await else {
        return;
    };
    let login = app
        .post_form(
            "/login",
            &[
                ("email", "volunteer@example.org"),
                ("password", crate::helpers::PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(login.status(), 303);
    let kept = crate::helpers::create_person(&app, "Noémie Fabre", false).await;
    let merged = crate::helpers::create_person(&app, "Noemie Fabre (salon)", true).await;
    browser.viewport(390, 844).await;
    browser.goto(&app.url(&format!("/people/{kept}"))).await;
    browser.click("a[href$='/merge']").await;
    browser
        .wait_until(
            "the page to choose the other person",
            "return location.pathname.endsWith('/merge') && !!document.getElementById('field-with');",
            json!([]),
        )
        .await;
    // Without the picker's suggestions: the name typed is resolved.
    browser
        .type_into("#field-with", "Noemie Fabre (salon)")
        .await;
    browser
        .run(
            "document.querySelector('form[action$=\"/merge\"] button[type=submit]').click();",
            json!([]),
        )
        .await;
    browser
        .wait_until(
            "the comparison",
            "return !!document.querySelector('input[name=\"field.full_name\"][value=merged]');",
            json!([]),
        )
        .await;
    // Every choice is labelled, and the page does not scroll sideways.
    let unlabelled = browser
        .run(
            "return [...document.querySelectorAll('input[type=radio]')]
               .filter(i => !i.getAttribute('aria-label') && !i.closest('label')).length;",
            json!([]),
        )
        .await;
    assert_eq!(unlabelled, json!(0));
    let overflow = browser
        .run(
            "const width = document.documentElement.clientWidth;
             return document.documentElement.scrollWidth > width;",
            json!([]),
        )
        .await;
    assert_eq!(overflow, json!(false), "the comparison fits 390 px");
    browser
        .run(
            "document.querySelector('input[name=\"field.full_name\"][value=kept]').click();
             window.confirm = () => true;
             document.querySelector('form[method=post][action$=\"/merge\"] button[type=submit]').click();",
            json!([]),
        )
        .await;
    browser
        .wait_until(
            "the kept person's page",
            "return location.pathname === arguments[0];",
            json!([format!("/people/{kept}")]),
        )
        .await;
    let after = relais::people::store::get(&app.db, kept)
        .await
        .expect("query")
        .expect("kept");
    assert_eq!(after.full_name, "Noémie Fabre", "the chosen name");
    assert!(after.do_not_contact, "do-not-contact survives");
    assert!(
        relais::people::store::get(&app.db, merged)
            .await
            .expect("query")
            .is_none()
    );
    browser.quit().await;
}
