//! Suppression conditions: compiling the CEL written in `suppression[i].when`
//! and evaluating it against one record.
//!
//! Conditions come from people typing in a form or from files anyone can
//! hand us, so compiling is fenced: a length cap, a nesting cap checked
//! before the parser sees the text (the parser and the interpreter recurse,
//! and a stack overflow cannot be caught), and `catch_unwind` around the
//! parser in case it panics on something unforeseen.
//!
//! Compiling also refuses names other than `record` (and the variables a
//! macro such as `exists(x, …)` binds): `support_severity == "P1"` would
//! otherwise fail on every record at run time and send the whole file to
//! review, when the author only forgot the `record.` prefix.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use cel::common::ast::{EntryExpr, Expr, IdedExpr};
use cel::common::value::Val;
use cel::{Context, Env, ExecutionError, Program, Value};
use serde::Serialize;
use ts_rs::TS;

use crate::model::Contract;

/// Longest condition accepted, in bytes. Real conditions are a line or two.
pub const MAX_CONDITION_BYTES: usize = 4096;

/// Deepest bracket nesting accepted (`(`, `[`, `{`), and deepest expression
/// tree after parsing. Far above anything a person writes, far below what
/// could exhaust a thread's stack.
pub const MAX_CONDITION_NESTING: usize = 32;

/// Most operator characters accepted (`+ - * / % < > = ! & | ? : .`
/// outside string literals). Each binary operator deepens the parsed tree
/// by one level without any bracket, so chains are capped too.
pub const MAX_CONDITION_OPERATORS: usize = 192;

/// Stack of the thread that parses a condition: sixteen times what the
/// deepest accepted condition needs in a debug build. Only the pages used
/// are ever committed.
const PARSER_STACK_BYTES: usize = 64 << 20;

/// Names a condition may use besides `record`: CEL's type names, which are
/// identifiers in the grammar (`type(record.x) == string`).
const TYPE_NAMES: &[&str] = &[
    "bool",
    "int",
    "uint",
    "double",
    "string",
    "bytes",
    "list",
    "map",
    "null_type",
    "type",
];

/// Why a condition does not compile, with the 1-based line and column where
/// the problem is (both 1 when the problem is the text as a whole).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ConditionError {
    pub message: String,
    pub line: u32,
    pub column: u32,
}

impl std::fmt::Display for ConditionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ConditionError {}

/// A condition ready to run on many records: parsed once, checked once.
#[derive(Debug)]
pub struct CompiledCondition {
    program: Program,
    source: String,
    /// The `record.<field>` names the condition reads, to name them when a
    /// record makes the condition fail.
    fields: BTreeSet<String>,
    /// Every `record.a.b…` chain the condition reads, so a missing nested
    /// field can be named by its full path (`account.tier`).
    paths: BTreeSet<Vec<String>>,
    /// Whether the condition needs every field of the record, not only
    /// [`CompiledCondition::fields`].
    whole_record: bool,
}

/// Why a condition could not be decided for one record. The record goes to
/// review with this as the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionFailure {
    pub message: String,
}

impl CompiledCondition {
    /// The text the condition was compiled from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The record fields the condition reads (`record.x`, `record["x"]`).
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(String::as_str)
    }

    /// The `record.a.b…` chains the condition reads, as lists of keys.
    pub fn paths(&self) -> impl Iterator<Item = &[String]> {
        self.paths.iter().map(Vec::as_slice)
    }

    /// True when the condition may read any field (it uses `record` as a
    /// whole), so the record given to it must hold them all.
    pub fn reads_whole_record(&self) -> bool {
        self.whole_record
    }

    /// Runs the condition in `context`, which binds `record` (see
    /// [`record_context`]): one context serves every rule of a record.
    pub(crate) fn evaluate(&self, context: &Context<'_, '_>) -> Result<bool, ExecutionOutcome> {
        match self.program.execute(context) {
            Ok(Value::Bool(b)) => Ok(b),
            Ok(other) => Err(ExecutionOutcome::NotBool(type_name(&other))),
            Err(e) => Err(ExecutionOutcome::Failed(e)),
        }
    }
}

/// A root context over `env` with `record` bound to the given map value. A
/// fresh one per record is cheap (an `Arc` clone) and lets the record's
/// values borrow from the reader's buffer instead of being copied.
pub(crate) fn record_context<'v>(env: &Arc<Env>, record: Box<dyn Val + 'v>) -> Context<'v, 'v> {
    let mut context = Context::with_env(Arc::clone(env));
    context.add_variable_as_val("record", record);
    context
}

/// What went wrong running a condition on one record, before it is turned
/// into words (which needs the record, see `evaluate.rs`).
#[derive(Debug)]
pub(crate) enum ExecutionOutcome {
    NotBool(&'static str),
    Failed(ExecutionError),
}

/// The environment every condition runs in: CEL's standard library.
pub(crate) fn standard_env() -> Arc<Env> {
    Arc::new(Env::stdlib())
}

/// Compiles one `when` condition, refusing what cannot run safely or
/// correctly. The error carries the position the editor should point at.
pub fn compile_condition(src: &str) -> Result<CompiledCondition, ConditionError> {
    if src.trim().is_empty() {
        return Err(ConditionError {
            message: "The condition is empty. Write a CEL expression over the record, e.g. record.support_severity in [\"P1\", \"P2\"], or remove `when`.".into(),
            line: 1,
            column: 1,
        });
    }
    if src.len() > MAX_CONDITION_BYTES {
        return Err(ConditionError {
            message: format!(
                "The condition is {} bytes long; the limit is {MAX_CONDITION_BYTES}. Split it into several suppression rules.",
                src.len()
            ),
            line: 1,
            column: 1,
        });
    }
    check_nesting(src)?;
    // The generated ANTLR parser is a heavy stack user (in a debug build,
    // eight nested brackets outgrow a 2 MiB thread stack), so parsing runs
    // on a thread of its own whose stack the caps above cannot outgrow,
    // whatever thread the caller is on.
    let owned = src.to_string();
    let parser = std::thread::Builder::new()
        .name("warrant-cel-parse".into())
        .stack_size(PARSER_STACK_BYTES)
        .spawn(move || catch_unwind(AssertUnwindSafe(|| compile_here(&owned))));
    let unreadable = || {
        ConditionError {
        message: "The CEL parser could not read this condition. Simplify it, e.g. record.field == \"value\".".into(),
        line: 1,
        column: 1,
    }
    };
    match parser {
        Ok(handle) => match handle.join() {
            Ok(Ok(compiled)) => compiled,
            Ok(Err(_)) | Err(_) => Err(unreadable()),
        },
        // No thread to be had (resource exhaustion): the caps still bound
        // the depth, so parse here rather than refuse a valid condition.
        Err(_) => catch_unwind(AssertUnwindSafe(|| compile_here(src)))
            .unwrap_or_else(|_| Err(unreadable())),
    }
}

/// Parses and checks on the current thread; see [`compile_condition`].
fn compile_here(src: &str) -> Result<CompiledCondition, ConditionError> {
    let program = Program::compile(src).map_err(|errors| parse_error(src, &errors))?;
    let mut walk = Walk {
        fields: BTreeSet::new(),
        paths: BTreeSet::new(),
        unknown: None,
        too_deep: None,
        bound: Vec::new(),
        whole_record: false,
    };
    walk.visit(program.expression(), 1);
    if let Some(id) = walk.too_deep {
        let (line, column) = position_of(src, &program, id);
        return Err(ConditionError {
            message: format!(
                "The condition nests more than {MAX_CONDITION_NESTING} levels deep. Split it into several suppression rules."
            ),
            line,
            column,
        });
    }
    if let Some((name, id)) = walk.unknown {
        let (line, column) = position_of(src, &program, id);
        return Err(ConditionError {
            message: format!(
                "`{name}` is not known here. Fields of the sample record are written record.{name}; `record` is the only variable."
            ),
            line,
            column,
        });
    }
    Ok(CompiledCondition {
        program,
        source: src.to_string(),
        fields: walk.fields,
        paths: walk.paths,
        whole_record: walk.whole_record,
    })
}

/// Every `when` of the contract that does not compile, with the index of its
/// suppression rule (the field is `suppression[i].when`). Rules without a
/// condition are not listed: a missing condition is not an error.
pub fn condition_errors(contract: &Contract) -> Vec<(usize, ConditionError)> {
    contract
        .suppression
        .iter()
        .enumerate()
        .filter(|(_, rule)| !rule.when.trim().is_empty())
        .filter_map(|(index, rule)| condition_problem(&rule.when).map(|e| (index, e)))
        .collect()
}

/// The conditions that do not compile as form errors on their `when` fields,
/// for the editor to show next to the input while the user types.
pub fn condition_field_errors(contract: &Contract) -> Vec<crate::Error> {
    condition_errors(contract)
        .into_iter()
        .map(|(i, e)| {
            crate::Error::invalid(
                format!("suppression[{i}].when"),
                format!("This condition does not compile at {e}"),
            )
        })
        .collect()
}

/// Whether `src` compiles, remembered per text: the readiness check asks on
/// every keystroke and for every contract of a listing, and compiling costs a
/// thread and a parse while the same few conditions recur across contracts.
pub fn condition_problem(src: &str) -> Option<ConditionError> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    /// Enough for every distinct condition of a large registry; past it the
    /// memo starts over rather than grow without bound.
    const REMEMBERED: usize = 4096;
    static MEMO: OnceLock<Mutex<HashMap<String, Option<ConditionError>>>> = OnceLock::new();
    let memo = MEMO.get_or_init(Default::default);
    if let Some(known) = memo.lock().ok().and_then(|m| m.get(src).cloned()) {
        return known;
    }
    let problem = compile_condition(src).err();
    if let Ok(mut m) = memo.lock() {
        if m.len() >= REMEMBERED {
            m.clear();
        }
        m.insert(src.to_string(), problem.clone());
    }
    problem
}

/// Rejects deep bracket nesting and long operator chains before the
/// recursive parser sees them. What is inside string literals does not count.
fn check_nesting(src: &str) -> Result<(), ConditionError> {
    let mut depth = 0usize;
    let mut operators = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let (mut line, mut column) = (1u32, 0u32);
    for ch in src.chars() {
        if ch == '\n' {
            line += 1;
            column = 0;
        } else {
            column += 1;
        }
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == q {
                quote = None;
            }
            continue;
        }
        match ch {
            '"' | '\'' => quote = Some(ch),
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_CONDITION_NESTING {
                    return Err(ConditionError {
                        message: format!(
                            "The condition nests brackets more than {MAX_CONDITION_NESTING} levels deep. Split it into several suppression rules."
                        ),
                        line,
                        column,
                    });
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            '+' | '-' | '*' | '/' | '%' | '<' | '>' | '=' | '!' | '&' | '|' | '?' | ':' | '.' => {
                operators += 1;
                if operators > MAX_CONDITION_OPERATORS {
                    return Err(ConditionError {
                        message: format!(
                            "The condition chains more than {MAX_CONDITION_OPERATORS} operators. Split it into several suppression rules."
                        ),
                        line,
                        column,
                    });
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Collects the fields read from `record`, finds the first unknown name and
/// the first node nested too deep.
struct Walk {
    fields: BTreeSet<String>,
    paths: BTreeSet<Vec<String>>,
    unknown: Option<(String, u64)>,
    too_deep: Option<u64>,
    /// Variables bound by enclosing comprehensions (`exists(x, …)`).
    bound: Vec<String>,
    /// `record` is used as a whole (`size(record)`, `record.exists(…)`,
    /// `record[k]` with a computed `k`), not only field by field.
    whole_record: bool,
}

impl Walk {
    /// `record` itself, not a comprehension variable that shadows it.
    fn is_record(&self, node: &IdedExpr) -> bool {
        matches!(&node.expr, Expr::Ident(n) if n == "record")
            && !self.bound.iter().any(|b| b == "record")
    }

    /// The field of `record["field"]`.
    fn record_index(&self, call: &cel::common::ast::CallExpr) -> Option<String> {
        if call.func_name != "_[_]" || call.args.len() != 2 || !self.is_record(&call.args[0]) {
            return None;
        }
        match &call.args[1].expr {
            Expr::Literal(cel::common::ast::LiteralValue::String(s)) => Some(s.to_string()),
            _ => None,
        }
    }

    /// The keys of `record.a.b…` (or `record["a"].b…`), when `node` is one.
    fn record_path(&self, node: &IdedExpr) -> Option<Vec<String>> {
        match &node.expr {
            Expr::Select(select) if self.is_record(&select.operand) => {
                Some(vec![select.field.clone()])
            }
            Expr::Select(select) => {
                let mut path = self.record_path(&select.operand)?;
                path.push(select.field.clone());
                Some(path)
            }
            Expr::Call(call) => self.record_index(call).map(|field| vec![field]),
            _ => None,
        }
    }

    fn visit(&mut self, node: &IdedExpr, depth: usize) {
        if self.too_deep.is_some() {
            return;
        }
        // Chains like `a || b || c || …` deepen the tree without brackets;
        // the interpreter recurses on the tree, so the tree is what counts.
        if depth > MAX_CONDITION_NESTING * 4 {
            self.too_deep = Some(node.id);
            return;
        }
        let next = depth + 1;
        match &node.expr {
            Expr::Unspecified | Expr::Literal(_) => {}
            Expr::Ident(name) => {
                // Reached only when `record` is used other than as
                // `record.f` / `record["f"]`: as a whole value.
                if name == "record" {
                    self.whole_record = true;
                }
                let known = name == "record"
                    || TYPE_NAMES.contains(&name.as_str())
                    || self.bound.iter().any(|b| b == name);
                if !known && self.unknown.is_none() {
                    self.unknown = Some((name.clone(), node.id));
                }
            }
            Expr::Select(select) => {
                if let Some(path) = self.record_path(node) {
                    self.paths.insert(path);
                }
                if self.is_record(&select.operand) {
                    self.fields.insert(select.field.clone());
                } else {
                    self.visit(&select.operand, next);
                }
            }
            Expr::Call(call) => {
                if let Some(field) = self.record_index(call) {
                    self.fields.insert(field);
                    return;
                }
                if let Some(target) = &call.target {
                    self.visit(target, next);
                }
                for arg in &call.args {
                    self.visit(arg, next);
                }
            }
            Expr::List(list) => list.elements.iter().for_each(|e| self.visit(e, next)),
            Expr::Map(map) => {
                for entry in &map.entries {
                    if let EntryExpr::MapEntry(e) = &entry.expr {
                        self.visit(&e.key, next);
                        self.visit(&e.value, next);
                    }
                }
            }
            Expr::Struct(s) => {
                for entry in &s.entries {
                    match &entry.expr {
                        EntryExpr::StructField(f) => self.visit(&f.value, next),
                        EntryExpr::MapEntry(e) => {
                            self.visit(&e.key, next);
                            self.visit(&e.value, next);
                        }
                    }
                }
            }
            Expr::Comprehension(c) => {
                self.visit(&c.iter_range, next);
                self.visit(&c.accu_init, next);
                let before = self.bound.len();
                self.bound.push(c.iter_var.clone());
                if let Some(v) = &c.iter_var2 {
                    self.bound.push(v.clone());
                }
                self.bound.push(c.accu_var.clone());
                self.visit(&c.loop_cond, next);
                self.visit(&c.loop_step, next);
                self.visit(&c.result, next);
                self.bound.truncate(before);
            }
        }
    }
}

/// Turns the parser's errors into one plain-language error at the first
/// position it names.
fn parse_error(src: &str, errors: &cel::ParseErrors) -> ConditionError {
    let Some(first) = errors.errors.first() else {
        return ConditionError {
            message: "The condition is not valid CEL.".into(),
            line: 1,
            column: 1,
        };
    };
    let detail = if first.msg == "UNKNOWN" {
        first
            .source
            .as_ref()
            .map(|s| s.to_string())
            .unwrap_or_else(|| "unreadable expression".into())
    } else {
        first.msg.trim_start_matches("Syntax error: ").to_string()
    };
    let (line, column) = if first.pos.0 >= 1 && first.pos.0 as usize <= src.lines().count().max(1) {
        (first.pos.0 as u32, first.pos.1.max(1) as u32)
    } else {
        (1, 1)
    };
    ConditionError {
        message: format!(
            "The condition is not valid CEL: {detail}. A condition looks like record.support_severity in [\"P1\", \"P2\"]."
        ),
        line,
        column,
    }
}

/// 1-based line and column of an expression node, from its character offset.
fn position_of(src: &str, program: &Program, id: u64) -> (u32, u32) {
    let Some((start, _)) = program.source_info().offset_for(id) else {
        return (1, 1);
    };
    line_column(src, start as usize)
}

/// 1-based line and column of the `offset`-th character of `src`.
pub(crate) fn line_column(src: &str, offset: usize) -> (u32, u32) {
    let (mut line, mut column) = (1u32, 1u32);
    for ch in src.chars().take(offset) {
        if ch == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

/// CEL's name for the type of a value, as a person would read it.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::List(_) => "a list",
        Value::Map(_) => "a map",
        Value::Function(..) => "a function",
        Value::Int(_) | Value::UInt(_) => "an integer",
        Value::Float(_) => "a number",
        Value::String(_) => "a string",
        Value::Bytes(_) => "bytes",
        Value::Bool(_) => "true/false",
        Value::Duration(_) => "a duration",
        Value::Timestamp(_) => "a timestamp",
        Value::Null => "null",
        _ => "a value of another kind",
    }
}
