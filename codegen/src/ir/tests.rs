//! The IR builder, case by case: every variant of every enum the IR has, built from a small
//! spec through the real pipeline (load, validate, normalize, ir).

use super::*;

fn api(paths: &str, components: &str) -> Api {
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\nservers: [{{url: 'https://x.example'}}]\npaths:\n{paths}\ncomponents:\n{components}\n"
    );
    match crate::check_str("t.yaml", &text) {
        Ok(c) => c.api,
        Err(e) => panic!("{e}\n{text}"),
    }
}

fn op<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

const NO_BODY: &str = "responses: {'204': {description: none}}";

#[test]
fn every_http_method() {
    let methods = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let paths: String = methods
        .iter()
        .map(|m| format!("    {m}: {{operationId: op_{m}, {NO_BODY}}}\n"))
        .collect();
    let a = api(&format!("  /x:\n{paths}"), "  schemas: {}");
    for (m, want) in methods.iter().zip(HttpMethod::ALL) {
        let o = op(&a, &format!("op_{m}"));
        assert_eq!(o.method, want);
        assert_eq!(o.method.key(), *m);
        assert_eq!(o.method.upper(), m.to_uppercase());
    }
}

#[test]
fn every_location_and_style() {
    let a = api(
        &format!(
            "  /r/{{id}}/{{rest}}:\n    get:\n      operationId: r\n      parameters:\n\
             \x20     - {{name: id, in: path, required: true, schema: {{type: string}}}}\n\
             \x20     - {{name: rest, in: path, required: true, x-multi-segment: true, schema: {{type: string}}}}\n\
             \x20     - {{name: tags, in: query, schema: {{type: array, items: {{type: string}}}}}}\n\
             \x20     - {{name: ids, in: query, explode: false, schema: {{type: array, items: {{type: string}}}}}}\n\
             \x20     - {{name: X-Trace, in: header, required: true, schema: {{type: string}}}}\n      {NO_BODY}"
        ),
        "  schemas: {}",
    );
    let p = &op(&a, "r").params;
    let seen: Vec<(&str, Location, Style, bool)> = p
        .iter()
        .map(|p| (p.name.as_str(), p.location, p.style, p.required))
        .collect();
    assert_eq!(
        seen,
        [
            ("id", Location::Path, Style::Simple, true),
            ("rest", Location::Path, Style::MultiSegment, true),
            (
                "tags",
                Location::Query,
                Style::Form { explode: true },
                false
            ),
            (
                "ids",
                Location::Query,
                Style::Form { explode: false },
                false
            ),
            ("X-Trace", Location::Header, Style::Simple, true),
        ]
    );
    assert_eq!(p[4].rust_name, "x_trace");
}

#[test]
fn statuses_codes_ranges_and_default() {
    assert_eq!(Status::parse("204"), Some(Status::Code(204)));
    assert_eq!(Status::parse("2XX"), Some(Status::Range(2)));
    assert_eq!(Status::parse("4xx"), Some(Status::Range(4)));
    assert_eq!(Status::parse("default"), Some(Status::Default));
    assert_eq!(Status::parse("99"), None);
    assert!(Status::Range(2).is_success() && Status::Code(201).is_success());
    assert!(!Status::Default.is_success() && !Status::Code(404).is_success());
    assert_eq!(
        (Status::Range(5).code(), Status::Default.code()),
        (500, 400)
    );
    assert_eq!(Status::Range(2).to_string(), "2XX");
}

#[test]
fn every_body_kind_and_success() {
    let json =
        "content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}";
    let other =
        "content: {application/json: {schema: {type: object, properties: {b: {type: string}}}}}";
    let pdf = "content: {application/pdf: {schema: {type: string, format: binary}}}";
    let a = api(
        &format!(
            "  /e:\n    get: {{operationId: empty, {NO_BODY}}}\n\
             \x20 /j:\n    get: {{operationId: json, responses: {{'200': {{description: ok, {json}}}, '404': {{description: no}}}}}}\n\
             \x20 /a:\n    get: {{operationId: any, responses: {{'200': {{description: ok, {json}}}, '201': {{description: ok, {other}}}}}}}\n\
             \x20 /b:\n    get: {{operationId: binary, responses: {{'2XX': {{description: ok, {pdf}}}}}}}\n\
             \x20 /u:\n    post: {{operationId: upload, requestBody: {{required: true, content: {{application/octet-stream: {{schema: {{type: string, format: binary}}}}}}}}, {NO_BODY}}}"
        ),
        "  schemas: {}",
    );
    assert_eq!(
        op(&a, "empty").success,
        Success::Empty {
            status: Status::Code(204)
        }
    );
    assert!(matches!(
        op(&a, "json").success,
        Success::Json {
            status: Status::Code(200),
            ..
        }
    ));
    assert_eq!(op(&a, "json").responses[1].kind, BodyKind::None);
    assert_eq!(op(&a, "any").success, Success::AnyJson);
    assert_eq!(
        op(&a, "binary").success,
        Success::Binary {
            status: Status::Range(2),
            media_type: "application/pdf".into()
        }
    );
    let upload = op(&a, "upload").body.as_ref().expect("a body");
    assert_eq!(
        (upload.kind.clone(), upload.required),
        (BodyKind::Bytes, true)
    );
}

#[test]
fn text_bodies_empty_content_json_query_and_array_path_parameters() {
    let text = "content: {text/plain: {schema: {type: string}}}";
    let lines = [
        "  /t/{keys}:".to_string(),
        "    put:".into(),
        "      operationId: text".into(),
        "      parameters:".into(),
        "      - {name: keys, in: path, required: true, schema: {type: array, items: {type: string}}}".into(),
        "      - {name: where, in: query, content: {application/json: {schema: {type: object}}}}".into(),
        "      - {name: sort, in: query, schema: {$ref: '#/components/schemas/Sort'}}".into(),
        format!("      requestBody: {{required: true, {text}}}"),
        format!("      responses: {{'200': {{description: ok, {text}}}, '404': {{description: no, content: {{}}}}}}"),
        "  /g:".into(),
        "    delete: {operationId: gone, responses: {'202': {description: accepted, content: {}}}}".into(),
    ];
    let a = api(
        &lines.join("\n"),
        "  schemas:\n    Sort: {type: object, properties: {field: {type: string}}}",
    );
    let t = op(&a, "text");
    let styles: Vec<(&str, Style)> = t
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.style))
        .collect();
    assert_eq!(
        styles,
        vec![
            ("keys", Style::Simple),
            ("where", Style::Json),
            ("sort", Style::Json)
        ]
    );
    assert!(matches!(t.params[0].schema.kind, Kind::Array(_)));
    assert!(matches!(t.params[1].schema.kind, Kind::Object(_)));
    assert_eq!(
        t.body.as_ref().map(|b| b.kind.clone()),
        Some(BodyKind::Text)
    );
    assert_eq!(
        t.success,
        Success::Text {
            status: Status::Code(200),
            media_type: "text/plain".into()
        }
    );
    assert_eq!(t.responses[1].kind, BodyKind::None);
    assert_eq!(
        op(&a, "gone").success,
        Success::Empty {
            status: Status::Code(202)
        }
    );
}

#[test]
fn security_per_document_per_operation_and_none() {
    let schemes = "  securitySchemes:\n    bearer: {type: http, scheme: bearer}\n    key: {type: apiKey, in: header, name: X-Key, x-token-prefix: Tok}\n    basic: {type: http, scheme: basic}\n  schemas: {}";
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\nservers: [{{url: 'https://x.example'}}]\n\
         security: [{{bearer: []}}]\npaths:\n\
         \x20 /a:\n    get: {{operationId: inherits, {NO_BODY}}}\n\
         \x20 /b:\n    get: {{operationId: other, security: [{{key: []}}], {NO_BODY}}}\n\
         \x20 /c:\n    get: {{operationId: none, security: [], {NO_BODY}}}\n\
         \x20 /d:\n    get: {{operationId: optional, security: [{{}}, {{basic: []}}], {NO_BODY}}}\n\
         \x20 /e:\n    get: {{operationId: either, security: [{{basic: []}}, {{key: []}}], {NO_BODY}}}\n\
         components:\n{schemes}\n"
    );
    let a = crate::check_str("t.yaml", &text).expect("valid").api;
    assert_eq!(a.security, Security::Schemes(vec![0]));
    let kinds: Vec<SchemeKind> = a.schemes.iter().map(|s| s.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            SchemeKind::Bearer,
            SchemeKind::ApiKey {
                header: "X-Key".into(),
                prefix: Some("Tok".into())
            },
            SchemeKind::Basic
        ]
    );
    assert_eq!(op(&a, "inherits").security, Security::Schemes(vec![0]));
    assert!(!op(&a, "inherits").own_security);
    assert_eq!(op(&a, "other").security, Security::Schemes(vec![1]));
    assert_eq!(op(&a, "none").security, Security::Anonymous);
    assert_eq!(op(&a, "optional").security, Security::Anonymous);
    assert_eq!(op(&a, "either").security, Security::Schemes(vec![2, 1]));
}

#[test]
fn every_pagination_style() {
    let list = "responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {items: {type: array, items: {type: string}}, next: {type: string}, total: {type: integer}}}}}}}";
    let q = |n: &str| format!("{{name: {n}, in: query, schema: {{type: string}}}}");
    let a = api(
        &format!(
            "  /c:\n    get: {{operationId: c, parameters: [{}], x-pagination: {{style: cursor, cursor_param: after, cursor_field: id, items: /items}}, {list}}}\n\
             \x20 /o:\n    get: {{operationId: o, parameters: [{}, {}], x-pagination: {{style: offset, offset_param: offset, limit_param: limit, items: /items, total: /total}}, {list}}}\n\
             \x20 /s:\n    get: {{operationId: s, parameters: [{}], x-pagination: {{style: page-state, state_param: state, items: /items, next: /next}}, {list}}}",
            q("after"), q("offset"), q("limit"), q("state")
        ),
        "  schemas: {}",
    );
    assert!(
        matches!(&op(&a, "c").pagination, Some(Pagination::Cursor { cursor_param, .. }) if cursor_param == "after")
    );
    assert!(
        matches!(&op(&a, "o").pagination, Some(Pagination::Offset { total: Some(t), .. }) if t == "/total")
    );
    assert!(
        matches!(&op(&a, "s").pagination, Some(Pagination::PageState { next, .. }) if next == "/next")
    );
    assert_eq!(
        op(&a, "s")
            .pagination
            .as_ref()
            .map(Pagination::driven_param),
        Some("state")
    );
}

#[test]
fn every_schema_kind() {
    let cases = [
        ("{}", "Any"),
        ("{$ref: '#/components/schemas/S'}", "Ref"),
        ("{type: boolean}", "Boolean"),
        ("{type: integer, format: int32, minimum: 1}", "Integer"),
        ("{type: number}", "Number"),
        ("{type: string, pattern: '^a'}", "String"),
        ("{type: string, enum: [a, b]}", "Enum"),
        ("{type: array, items: {type: string}}", "Array"),
        (
            "{type: object, additionalProperties: {type: string}}",
            "Object",
        ),
        ("{oneOf: [{type: string}, {type: integer}]}", "OneOf"),
        ("{anyOf: [{type: string}, {type: integer}]}", "AnyOf"),
        ("{allOf: [{$ref: '#/components/schemas/S'}]}", "Ref"),
        (
            "{allOf: [{$ref: '#/components/schemas/S'}], nullable: true}",
            "AllOf",
        ),
        (
            "{allOf: [{$ref: '#/components/schemas/S'}, {type: object}]}",
            "AllOf",
        ),
    ];
    for (yaml, want) in cases {
        let v: serde_json::Value = serde_yaml::from_str(yaml).expect("yaml");
        let s = Schema::from_value(&v);
        let got = format!("{:?}", s.kind);
        assert!(got.starts_with(want), "{yaml}: {got}");
    }
}

#[test]
fn the_tolerance_plan_reaches_the_components() {
    let a = api(
        "  /t:\n    post:\n      operationId: t\n      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Both'}}}}\n\
             \x20     responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Out'}}}}}",
        "  schemas:\n    Both: {type: object, required: [a], properties: {a: {type: string}}}\n    Out: {type: object, properties: {b: {$ref: '#/components/schemas/Both'}}}",
    );
    let both = a.component("Both").expect("Both");
    assert!(both.usage.request && both.usage.response);
    assert_eq!(both.usage.request_copy.as_deref(), Some("BothRequest"));
    let out = a.component("Out").expect("Out");
    assert!(out.usage.response && !out.usage.request && out.usage.request_copy.is_none());
}

#[test]
fn every_waiter_state_and_matcher() {
    let paths = "  /t/{id}:\n    get:\n      operationId: get_t\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      \
        x-waiters:\n        t_ready:\n          acceptors:\n            - {state: success, pointer: /s/state, values: [UP]}\n            \
        - {state: retry, pointer: /s/state, values: [BOOTING]}\n            - {state: failure, status: 404}\n            \
        - {state: success, pointer: /s/on, values: [true]}\n          message: /s/why\n          min_delay: 1\n          max_delay: 2\n          max_wait: 3\n      \
        responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/T'}}}}\n        '404': {description: gone}";
    let components = "  schemas:\n    T: {type: object, properties: {s: {type: object, properties: {state: {type: string, enum: [BOOTING, UP, DOWN]}, on: {type: boolean}, why: {type: string}}}}}";
    let a = api(paths, components);
    let w = &op(&a, "get_t").waiters[0];
    assert_eq!(w.method(), "wait_until_t_ready");
    let states: Vec<WaitState> = w.acceptors.iter().map(|x| x.state).collect();
    assert_eq!(
        states,
        [
            WaitState::Success,
            WaitState::Retry,
            WaitState::Failure,
            WaitState::Success
        ]
    );
    assert_eq!(w.acceptors[2].matcher, Matcher::Status(404));
    assert_eq!(
        w.acceptors[3].matcher,
        Matcher::Value {
            pointer: "/s/on".into(),
            values: vec!["true".into()]
        }
    );
    assert_eq!(w.known, ["BOOTING", "UP", "DOWN"]);
    assert_eq!(w.message.as_deref(), Some("/s/why"));
    assert_eq!((w.min_delay, w.max_delay, w.max_wait), (1, 2, 3));
    assert!(!w.succeeds_by_status());
    assert!(!op(&a, "get_t").other.contains_key("x-waiters"));
}
