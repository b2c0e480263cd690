//! A list's visible columns, chosen by the volunteer and kept in its
//! address (`cols=kind,commune`, or `cols` repeated as the chooser's boxes
//! send it) — so a bookmark or a saved view keeps them. Each list names
//! its optional columns with a [`ListColumns`] enum; the name column is
//! always shown.

use maud::{Markup, html};

use super::Ctx;

/// The optional columns of one list.
pub trait ListColumns: Copy + PartialEq + 'static {
    /// In the order the table shows them.
    const ALL: &'static [Self];
    /// What the list shows when its address names no column.
    const DEFAULT: &'static [Self];
    fn as_str(self) -> &'static str;
    /// The message key of its heading.
    fn label_key(self) -> &'static str;
}

/// The columns shown. Unknown names are ignored; with none known, the
/// default set — except that `name` alone (the chooser always sends it)
/// asks for the name only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns<C>(Vec<C>);

impl<C: ListColumns> Default for Columns<C> {
    fn default() -> Self {
        Columns(C::DEFAULT.to_vec())
    }
}

impl<C: ListColumns> Columns<C> {
    pub fn from_query(pairs: &[(String, String)]) -> Self {
        let names: Vec<&str> = pairs
            .iter()
            .filter(|(key, _)| key == "cols")
            .flat_map(|(_, value)| value.split(','))
            .map(str::trim)
            .collect();
        let chosen: Vec<C> = C::ALL
            .iter()
            .copied()
            .filter(|c| names.contains(&c.as_str()))
            .collect();
        if chosen.is_empty() && !names.contains(&"name") {
            return Columns::default();
        }
        Columns(chosen)
    }

    pub fn has(&self, column: C) -> bool {
        self.0.contains(&column)
    }

    pub fn shown(&self) -> &[C] {
        &self.0
    }

    /// The `cols` parameter naming them; empty for the default set.
    pub fn param(&self) -> String {
        if self.0 == C::DEFAULT {
            return String::new();
        }
        if self.0.is_empty() {
            return "name".to_owned();
        }
        self.0
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The chooser, to put in the list's filter form: a box per optional
    /// column, sent with the filters (no script needed).
    pub fn chooser(&self, ctx: &Ctx) -> Markup {
        html! {
            details class="column-chooser" {
                summary { (ctx.t("directory-columns")) }
                fieldset {
                    legend class="visually-hidden" { (ctx.t("directory-columns")) }
                    // Always sent: an empty choice then means "the name only".
                    input type="hidden" name="cols" value="name";
                    @for column in C::ALL {
                        @let id = format!("col-{}", column.as_str());
                        label for=(id) {
                            input type="checkbox" id=(id) name="cols" value=(column.as_str()) checked[self.has(*column)];
                            (ctx.t(column.label_key()))
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Col {
        A,
        B,
        C,
    }

    impl ListColumns for Col {
        const ALL: &'static [Col] = &[Col::A, Col::B, Col::C];
        const DEFAULT: &'static [Col] = &[Col::A, Col::B];
        fn as_str(self) -> &'static str {
            match self {
                Col::A => "a",
                Col::B => "b",
                Col::C => "c",
            }
        }
        fn label_key(self) -> &'static str {
            "x"
        }
    }

    fn pairs(values: &[&str]) -> Vec<(String, String)> {
        values
            .iter()
            .map(|v| ("cols".to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_address_names_the_columns_in_the_tables_order() {
        let chosen = Columns::<Col>::from_query(&pairs(&["c,a"]));
        assert_eq!(chosen.shown(), [Col::A, Col::C]);
        assert_eq!(chosen.param(), "a,c");
        let boxes = Columns::<Col>::from_query(&pairs(&["name", "c"]));
        assert_eq!(boxes.shown(), [Col::C]);
        assert_eq!(Columns::<Col>::from_query(&[]).shown(), [Col::A, Col::B]);
        assert_eq!(Columns::<Col>::from_query(&[]).param(), "");
        assert_eq!(
            Columns::<Col>::from_query(&pairs(&["nope"])).shown(),
            [Col::A, Col::B]
        );
        let name_only = Columns::<Col>::from_query(&pairs(&["name"]));
        assert!(name_only.shown().is_empty());
        assert_eq!(name_only.param(), "name");
    }
}
