//! From a file's bytes to rows of text: the encoding (UTF-8 with or without
//! BOM, UTF-16 with BOM, Windows-1252), the separator, quoted multi-line
//! fields, or a JSON array of objects. Rows are read one at a time, so a
//! large file never sits whole in memory.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek};
use std::path::Path;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use super::Problem;

/// How much of the start of a file is looked at to guess its shape.
const SAMPLE_BYTES: usize = 64 * 1024;
/// JSON files are read whole (they are arrays); beyond this, CSV is asked for.
const MAX_JSON_BYTES: u64 = 64 * 1024 * 1024;

/// What was found out about a file before reading it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shape {
    #[serde(with = "encoding_name")]
    pub encoding: EncodingName,
    /// `None` for JSON.
    pub separator: Option<u8>,
    pub headers: Vec<String>,
}

impl Shape {
    pub fn separator_label(&self) -> &'static str {
        match self.separator {
            None => "JSON",
            Some(b';') => "point-virgule (;)",
            Some(b'\t') => "tabulation",
            Some(b'|') => "barre verticale (|)",
            Some(_) => "virgule (,)",
        }
    }
}

/// The name of an encoding (an alias, so that serde does not take the
/// reference for one borrowed from the JSON text).
pub type EncodingName = &'static str;

/// A shape kept as JSON names its encoding, read back as the same name.
mod encoding_name {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(name: &&'static str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(name)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        let name = String::deserialize(d)?;
        encoding_rs::Encoding::for_label(name.as_bytes())
            .map(|e| e.name())
            .ok_or_else(|| serde::de::Error::custom(format!("unknown encoding {name}")))
    }
}

/// One row of the file: its line (or element number for JSON) and values.
pub type Row = (u64, Vec<String>);

/// An opened file: its shape and its rows, read on demand.
pub struct Table {
    pub shape: Shape,
    rows: Box<dyn Iterator<Item = Result<Row, Problem>> + Send>,
}

impl Iterator for Table {
    type Item = Result<Row, Problem>;
    fn next(&mut self) -> Option<Self::Item> {
        self.rows.next()
    }
}

/// Opens a file and works out its encoding, separator and headers.
pub fn open(path: &Path) -> Result<Table, Problem> {
    let file = File::open(path).map_err(|e| Problem::file("import-file-unreadable", e))?;
    open_file(file)
}

/// The same from an open file, read from its start.
pub fn open_file(mut file: File) -> Result<Table, Problem> {
    file.seek(io::SeekFrom::Start(0))
        .map_err(|e| Problem::file("import-file-unreadable", e))?;
    let mut sample = Vec::with_capacity(SAMPLE_BYTES);
    (&mut file)
        .take(SAMPLE_BYTES as u64)
        .read_to_end(&mut sample)
        .map_err(|e| Problem::file("import-file-unreadable", e))?;
    let complete = sample.len() < SAMPLE_BYTES;
    let encoding = detect_encoding(&sample, complete)?;
    let (text, _) = encoding.decode_with_bom_removal(&sample);
    let start = text.trim_start();
    if start.is_empty() {
        return Err(Problem::file("import-file-empty", ""));
    }
    let json = start.starts_with('[');
    let separator = detect_separator(&text);
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let reader = io::Cursor::new(sample).chain(file);
    let decoded = Decoded::new(reader, encoding);
    if json {
        if size > MAX_JSON_BYTES {
            return Err(Problem::file("import-json-too-large", size / 1_000_000));
        }
        return json_table(decoded, encoding.name());
    }
    csv_table(decoded, encoding.name(), separator)
}

/// UTF-8 unless a BOM says otherwise or the bytes cannot be UTF-8; then
/// Windows-1252 (a superset of Latin-1 for text) when plausible.
fn detect_encoding(sample: &[u8], complete: bool) -> Result<&'static Encoding, Problem> {
    if let Some((encoding, _)) = Encoding::for_bom(sample) {
        return Ok(encoding);
    }
    if sample.contains(&0) {
        let zeros = sample.iter().filter(|b| **b == 0).count();
        // Every other byte zero: UTF-16 text without its byte-order mark.
        let key = if zeros * 3 > sample.len() && zeros * 5 < sample.len() * 3 {
            "import-encoding-unknown"
        } else {
            "import-file-binary"
        };
        return Err(Problem::file(key, ""));
    }
    match std::str::from_utf8(sample) {
        Ok(_) => return Ok(UTF_8),
        // Cut in the middle of a character at the end of the sample only.
        Err(e) if !complete && e.error_len().is_none() => return Ok(UTF_8),
        Err(_) => {}
    }
    let controls = sample
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    if controls * 100 > sample.len() {
        return Err(Problem::file("import-file-binary", ""));
    }
    // Bytes Windows-1252 leaves undefined, or text mostly outside ASCII:
    // some other encoding (Cyrillic, Asian…) that would come out garbled.
    let undefined = sample
        .iter()
        .any(|b| matches!(*b, 0x81 | 0x8d | 0x8f | 0x90 | 0x9d));
    let high = sample.iter().filter(|b| **b >= 0x80).count();
    if undefined || high * 3 > sample.len() {
        return Err(Problem::file("import-encoding-unknown", ""));
    }
    Ok(WINDOWS_1252)
}

/// The candidate found the same number of times on most of the first
/// lines (outside quotes), and most often; `,` when nothing stands out.
fn detect_separator(sample: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b';', b',', b'\t', b'|'];
    let records = split_records(sample, 30);
    let mut best = (0usize, 0usize, b',');
    for sep in CANDIDATES {
        let counts: Vec<usize> = records
            .iter()
            .map(|r| r.iter().filter(|c| **c == sep).count())
            .collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first == 0 {
            continue;
        }
        let agreeing = counts.iter().filter(|c| **c == first).count();
        if (agreeing, first) > (best.0, best.1) {
            best = (agreeing, first, sep);
        }
    }
    best.2
}

/// The bytes outside quotes of the first `limit` records of `text`.
fn split_records(text: &str, limit: usize) -> Vec<Vec<u8>> {
    let mut records = vec![Vec::new()];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                if records.len() == limit {
                    break;
                }
                records.push(Vec::new());
            }
            _ if !quoted => records.last_mut().expect("one record").push(b),
            _ => {}
        }
    }
    // The last record may be cut by the end of the sample.
    if records.len() > 1 {
        records.pop();
    }
    records
}

fn csv_table<R: Read + Send + 'static>(
    input: Decoded<R>,
    encoding: &'static str,
    separator: u8,
) -> Result<Table, Problem> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .flexible(true)
        .has_headers(true)
        .from_reader(BufReader::with_capacity(64 * 1024, input));
    let headers: Vec<String> = reader
        .headers()
        .map_err(read_problem)?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(Problem::file("import-no-headers", ""));
    }
    let width = headers.len();
    let mut records = reader.into_records().peekable();
    let rows = std::iter::from_fn(move || {
        let record = records.next()?;
        let last = records.peek().is_none();
        Some(record.map_err(read_problem).and_then(|record| {
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            let mut values: Vec<String> = record.iter().map(str::to_owned).collect();
            if values.len() > width && values[width..].iter().all(|v| v.trim().is_empty()) {
                values.truncate(width);
            }
            if values.len() > width {
                return Err(Problem::row(
                    line,
                    "",
                    "import-row-too-many-fields",
                    values.len(),
                ));
            }
            if values.len() < width && !(values.len() == 1 && values[0].is_empty()) {
                let key = if last {
                    "import-row-truncated"
                } else {
                    "import-row-too-few-fields"
                };
                return Err(Problem::row(line, "", key, values.len()));
            }
            values.resize(width, String::new());
            Ok((line, values))
        }))
    })
    // Blank lines carry no data.
    .filter(|r| !matches!(r, Ok((_, v)) if v.iter().all(|x| x.trim().is_empty())));
    Ok(Table {
        shape: Shape {
            encoding,
            separator: Some(separator),
            headers,
        },
        rows: Box::new(rows),
    })
}

fn read_problem(error: csv::Error) -> Problem {
    let line = error.position().map(|p| p.line()).unwrap_or(0);
    match error.into_kind() {
        csv::ErrorKind::Io(e) if e.kind() == io::ErrorKind::InvalidData => {
            Problem::row(line, "", "import-encoding-broken", e)
        }
        csv::ErrorKind::Io(e) => Problem::file("import-file-unreadable", e),
        csv::ErrorKind::Utf8 { .. } => Problem::row(line, "", "import-encoding-broken", ""),
        other => Problem::row(line, "", "import-row-unreadable", format!("{other:?}")),
    }
}

/// A JSON array of objects; keys become headers (first seen first).
fn json_table<R: Read>(input: Decoded<R>, encoding: &'static str) -> Result<Table, Problem> {
    let items: Vec<serde_json::Value> = serde_json::from_reader(BufReader::new(input))
        .map_err(|e| Problem::row(e.line() as u64, "", "import-json-invalid", e.to_string()))?;
    let mut headers: Vec<String> = Vec::new();
    for item in &items {
        if let Some(map) = item.as_object() {
            for key in map.keys() {
                if !headers.contains(key) {
                    headers.push(key.clone());
                }
            }
        }
    }
    if headers.is_empty() {
        return Err(Problem::file("import-no-headers", ""));
    }
    let columns = headers.clone();
    let rows = items.into_iter().enumerate().map(move |(i, item)| {
        let number = i as u64 + 1;
        let serde_json::Value::Object(map) = item else {
            return Err(Problem::row(number, "", "import-json-not-object", ""));
        };
        Ok((
            number,
            columns
                .iter()
                .map(|c| map.get(c).map(json_text).unwrap_or_default())
                .collect(),
        ))
    });
    Ok(Table {
        shape: Shape {
            encoding,
            separator: None,
            headers,
        },
        rows: Box::new(rows),
    })
}

/// A JSON value as the text a CSV cell would hold (lists joined with `|`).
fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(json_text)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("|"),
        other => other.to_string(),
    }
}

/// Reads bytes in one encoding and hands out UTF-8, a buffer at a time; a
/// byte sequence the encoding cannot hold is an `InvalidData` error.
struct Decoded<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    output: String,
    position: usize,
    finished: bool,
    carried_cr: bool,
}

impl<R: Read> Decoded<R> {
    fn new(inner: R, encoding: &'static Encoding) -> Self {
        Decoded {
            inner,
            decoder: encoding.new_decoder_with_bom_removal(),
            input: vec![0; 32 * 1024],
            output: String::new(),
            position: 0,
            finished: false,
            carried_cr: false,
        }
    }

    fn refill(&mut self) -> io::Result<()> {
        let read = self.inner.read(&mut self.input)?;
        let last = read == 0;
        self.output.clear();
        self.position = 0;
        if std::mem::take(&mut self.carried_cr) {
            self.output.push('\r');
        }
        let mut pending = &self.input[..read];
        loop {
            let needed = self
                .decoder
                .max_utf8_buffer_length_without_replacement(pending.len())
                .unwrap_or(pending.len() * 3 + 16);
            self.output.reserve(needed);
            let (result, used) =
                self.decoder
                    .decode_to_string_without_replacement(pending, &mut self.output, last);
            pending = &pending[used..];
            match result {
                encoding_rs::DecoderResult::InputEmpty => break,
                encoding_rs::DecoderResult::OutputFull => continue,
                encoding_rs::DecoderResult::Malformed(_, _) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("octets invalides en {}", self.decoder.encoding().name()),
                    ));
                }
            }
        }
        // CRLF becomes LF (line numbers of the CSV reader count LFs); a CR
        // ending this buffer waits for the next to see what follows it.
        if !last && self.output.ends_with('\r') {
            self.output.pop();
            self.carried_cr = true;
        }
        if self.output.contains("\r\n") {
            self.output = self.output.replace("\r\n", "\n");
        }
        self.finished = last;
        Ok(())
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.position == self.output.len() {
            if self.finished {
                return Ok(0);
            }
            self.refill()?;
        }
        let available = &self.output.as_bytes()[self.position..];
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.position += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_of(bytes: &[u8]) -> Result<(Shape, Vec<Result<Row, Problem>>), Problem> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, bytes).unwrap();
        let table = open(&path)?;
        let shape = table.shape.clone();
        Ok((shape, table.collect()))
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any bytes are read as a table or refused with a problem: never a panic.
        #[test]
        fn any_bytes_are_read_or_refused_without_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2_000)) {
            let _ = table_of(&bytes);
        }

        /// Plausible CSV pieces (quotes, separators, line breaks, BOMs, JSON
        /// brackets) in any order.
        #[test]
        fn any_mix_of_csv_pieces_is_read_or_refused_without_a_panic(
            pieces in proptest::collection::vec(
                prop_oneof![
                    Just("\"".to_owned()), Just(";".to_owned()), Just(",".to_owned()),
                    Just("\t".to_owned()), Just("|".to_owned()), Just("\r\n".to_owned()),
                    Just("\n".to_owned()), Just("\u{feff}".to_owned()), Just("[".to_owned()),
                    Just("{\"a\":".to_owned()), Just("}".to_owned()), Just("]".to_owned()),
                    "[a-zA-Zé0-9 ]{0,8}",
                ],
                0..60,
            )
        ) {
            let _ = table_of(pieces.concat().as_bytes());
        }
    }

    #[test]
    fn windows_1252_with_semicolons_and_a_multiline_field() {
        let bytes = b"Nom;Ville\r\n\"M\xe9diath\xe8que\r\ncentre\";N\xeemes\r\n";
        let (shape, rows) = table_of(bytes).unwrap();
        assert_eq!(shape.encoding, "windows-1252");
        assert_eq!(shape.separator, Some(b';'));
        assert_eq!(shape.headers, ["Nom", "Ville"]);
        let (line, values) = rows[0].as_ref().unwrap();
        assert_eq!(*line, 2);
        assert_eq!(values, &["Médiathèque\ncentre", "Nîmes"]);
    }

    #[test]
    fn utf8_bom_and_utf16_bom_are_read() {
        let (shape, rows) = table_of("\u{feff}name,city\nÉcole,Lyon\n".as_bytes()).unwrap();
        assert_eq!(
            (shape.encoding, shape.headers[0].as_str()),
            ("UTF-8", "name")
        );
        assert_eq!(rows[0].as_ref().unwrap().1, ["École", "Lyon"]);
        let mut utf16 = vec![0xff, 0xfe];
        for unit in "nom\tville\nÉcole\tLyon\n".encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        let (shape, rows) = table_of(&utf16).unwrap();
        assert_eq!((shape.encoding, shape.separator), ("UTF-16LE", Some(b'\t')));
        assert_eq!(rows[0].as_ref().unwrap().1, ["École", "Lyon"]);
    }

    #[test]
    fn binary_empty_and_unknown_encodings_are_refused() {
        let key = |bytes: &[u8]| table_of(bytes).err().map(|p| p.key.into_owned());
        assert_eq!(
            key(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").as_deref(),
            Some("import-file-binary")
        );
        assert_eq!(key(b"  \n").as_deref(), Some("import-file-empty"));
        assert_eq!(
            key(b"n\0o\0m\0,\0v\0i\0l\0l\0e\0\n\0").as_deref(),
            Some("import-encoding-unknown")
        );
    }

    #[test]
    fn a_row_cut_short_at_the_end_is_reported_as_truncated() {
        let (_, rows) = table_of(b"a,b,c\n1,2,3\n4,\"fi").unwrap();
        assert!(rows[0].is_ok());
        assert_eq!(rows[1].as_ref().unwrap_err().key, "import-row-truncated");
        assert_eq!(rows[1].as_ref().unwrap_err().line, Some(3));
    }
}
