-- The same data in PostgreSQL, written by Vigil at commit 5739f3f and dumped
-- with `pg_dump --no-owner --no-privileges` (PostgreSQL 15; the \restrict
-- lines newer pg_dump writes are left out so older psql reads it).
--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: exception_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.exception_events (
    seq bigint NOT NULL,
    exception_id text NOT NULL,
    at text NOT NULL,
    event text NOT NULL,
    before_doc text NOT NULL,
    after_doc text NOT NULL
);


--
-- Name: exception_events_seq_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.exception_events_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: exception_events_seq_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.exception_events_seq_seq OWNED BY public.exception_events.seq;


--
-- Name: exceptions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.exceptions (
    id text NOT NULL,
    rule text NOT NULL,
    owner text NOT NULL,
    expires text NOT NULL,
    doc text NOT NULL
);


--
-- Name: finding_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.finding_events (
    seq bigint NOT NULL,
    fingerprint text NOT NULL,
    scan_id text NOT NULL,
    at text NOT NULL,
    event text NOT NULL,
    severity text NOT NULL,
    message text NOT NULL
);


--
-- Name: finding_events_seq_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.finding_events_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: finding_events_seq_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.finding_events_seq_seq OWNED BY public.finding_events.seq;


--
-- Name: findings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.findings (
    fingerprint text NOT NULL,
    rule_id text NOT NULL,
    severity integer NOT NULL,
    status text NOT NULL,
    title text NOT NULL,
    message text NOT NULL,
    evidence text NOT NULL,
    remediation text NOT NULL,
    compliance text NOT NULL,
    related text NOT NULL,
    resource_id text NOT NULL,
    resource text NOT NULL,
    source text NOT NULL,
    account text NOT NULL,
    resource_type text NOT NULL,
    namespace text NOT NULL,
    file text NOT NULL,
    related_types text NOT NULL,
    first_seen text NOT NULL,
    last_seen text NOT NULL,
    resolved_at text,
    last_scan text NOT NULL,
    risk_score integer DEFAULT 0 NOT NULL,
    risk text DEFAULT ''::text NOT NULL,
    members text DEFAULT ''::text NOT NULL
);


--
-- Name: resources; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.resources (
    id text NOT NULL,
    source text NOT NULL,
    account text NOT NULL,
    type text NOT NULL,
    namespace text NOT NULL,
    name text NOT NULL,
    file text NOT NULL,
    last_scan text NOT NULL,
    last_seen text NOT NULL,
    doc text NOT NULL
);


--
-- Name: scans; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.scans (
    id text NOT NULL,
    source text NOT NULL,
    account text NOT NULL,
    status text NOT NULL,
    started_at text NOT NULL,
    finished_at text NOT NULL,
    resources integer NOT NULL,
    findings integer NOT NULL,
    coverage text NOT NULL,
    errors text NOT NULL,
    rules_version text DEFAULT ''::text NOT NULL,
    rules_hash text DEFAULT ''::text NOT NULL
);


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version integer NOT NULL,
    applied_at text NOT NULL
);


--
-- Name: exception_events seq; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.exception_events ALTER COLUMN seq SET DEFAULT nextval('public.exception_events_seq_seq'::regclass);


--
-- Name: finding_events seq; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.finding_events ALTER COLUMN seq SET DEFAULT nextval('public.finding_events_seq_seq'::regclass);


--
-- Data for Name: exception_events; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.exception_events (seq, exception_id, at, event, before_doc, after_doc) FROM stdin;
1	EX-1	2026-12-01T11:00:00.000000000Z	added		{"id":"EX-1","rule":"k8s-privileged","owner":"web","reason":"legacy site","expires":"2027-03-01T00:00:00Z","match":{"namespace":"web"}}
\.


--
-- Data for Name: exceptions; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.exceptions (id, rule, owner, expires, doc) FROM stdin;
EX-1	k8s-privileged	web	2027-03-01T00:00:00.000000000Z	{"id":"EX-1","rule":"k8s-privileged","owner":"web","reason":"legacy site","expires":"2027-03-01T00:00:00Z","match":{"namespace":"web"}}
\.


--
-- Data for Name: finding_events; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.finding_events (seq, fingerprint, scan_id, at, event, severity, message) FROM stdin;
1	c8b113968ab3d251ffd21ffc9cd16a8b	scan-1	2026-12-01T09:00:00.000000000Z	opened	high	k8s-privileged on api
2	7ac014801f059fe742015191939862bf	scan-1	2026-12-01T09:00:00.000000000Z	opened	medium	k8s-host-pid on cart
3	f73939da9f2dd7126d8efc72ea09c7fd	scan-1	2026-12-01T09:00:00.000000000Z	opened	high	k8s-privileged on site
4	7ac014801f059fe742015191939862bf	scan-2	2026-12-02T09:00:00.000000000Z	resolved	medium	
\.


--
-- Data for Name: findings; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.findings (fingerprint, rule_id, severity, status, title, message, evidence, remediation, compliance, related, resource_id, resource, source, account, resource_type, namespace, file, related_types, first_seen, last_seen, resolved_at, last_scan, risk_score, risk, members) FROM stdin;
c8b113968ab3d251ffd21ffc9cd16a8b	k8s-privileged	4	open	k8s-privileged	k8s-privileged on api	{}		[]		k8s://prod/shop/apps/Deployment/api	{"id":"k8s://prod/shop/apps/Deployment/api","type":"k8s.apps.deployment","provider":"k8s","account":"prod","namespace":"shop","name":"api","kind":"Deployment","labels":{"team":"shop"},"attributes":null,"source":{"kind":"live"}}	k8s	prod	k8s.apps.deployment	shop		null	2026-12-01T09:00:00.000000000Z	2026-12-02T09:00:00.000000000Z	\N	scan-2	72	{"score":72,"factors":[{"name":"severity","points":40,"detail":""},{"name":"exposure","points":32,"detail":""}],"path":["internet","k8s://prod/shop/apps/Deployment/api"]}	
f73939da9f2dd7126d8efc72ea09c7fd	k8s-privileged	4	open	k8s-privileged	k8s-privileged on site	{}		[]		k8s://prod/web/apps/Deployment/site	{"id":"k8s://prod/web/apps/Deployment/site","type":"k8s.apps.deployment","provider":"k8s","account":"prod","namespace":"web","name":"site","kind":"Deployment","attributes":null,"source":{"kind":"live"}}	k8s	prod	k8s.apps.deployment	web		null	2026-12-01T09:00:00.000000000Z	2026-12-02T09:00:00.000000000Z	\N	scan-2	0		
7ac014801f059fe742015191939862bf	k8s-host-pid	3	resolved	k8s-host-pid	k8s-host-pid on cart	{}		[]		k8s://prod/shop/apps/Deployment/cart	{"id":"k8s://prod/shop/apps/Deployment/cart","type":"k8s.apps.deployment","provider":"k8s","account":"prod","namespace":"shop","name":"cart","kind":"Deployment","attributes":null,"source":{"kind":"live"}}	k8s	prod	k8s.apps.deployment	shop		null	2026-12-01T09:00:00.000000000Z	2026-12-01T09:00:00.000000000Z	2026-12-02T09:00:00.000000000Z	scan-2	0		
\.


--
-- Data for Name: resources; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.resources (id, source, account, type, namespace, name, file, last_scan, last_seen, doc) FROM stdin;
k8s://prod/shop/apps/Deployment/api	k8s	prod	k8s.apps.deployment	shop	api		scan-2	2026-12-02T09:00:00.000000000Z	{"id":"k8s://prod/shop/apps/Deployment/api","type":"k8s.apps.deployment","provider":"k8s","account":"prod","namespace":"shop","name":"api","kind":"Deployment","labels":{"team":"shop"},"attributes":null,"source":{"kind":"live"}}
k8s://prod/web/apps/Deployment/site	k8s	prod	k8s.apps.deployment	web	site		scan-2	2026-12-02T09:00:00.000000000Z	{"id":"k8s://prod/web/apps/Deployment/site","type":"k8s.apps.deployment","provider":"k8s","account":"prod","namespace":"web","name":"site","kind":"Deployment","attributes":null,"source":{"kind":"live"}}
\.


--
-- Data for Name: scans; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.scans (id, source, account, status, started_at, finished_at, resources, findings, coverage, errors, rules_version, rules_hash) FROM stdin;
scan-1	k8s	prod	complete	2026-12-01T09:00:00.000000000Z	2026-12-01T09:00:00.000000000Z	3	3	[{"scope":"k8s.apps.deployment","status":"complete"}]	null	v0.4.0	sha256:0004
scan-2	k8s	prod	complete	2026-12-02T09:00:00.000000000Z	2026-12-02T09:00:00.000000000Z	2	2	[{"scope":"k8s.apps.deployment","status":"complete"}]	null	v0.4.0	sha256:0004
\.


--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.schema_migrations (version, applied_at) FROM stdin;
1	2026-12-07T17:20:37.464701353Z
2	2026-12-07T17:20:37.469529324Z
3	2026-12-07T17:20:37.486115261Z
4	2026-12-07T17:20:37.489627012Z
\.


--
-- Name: exception_events_seq_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.exception_events_seq_seq', 1, true);


--
-- Name: finding_events_seq_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.finding_events_seq_seq', 4, true);


--
-- Name: exception_events exception_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.exception_events
    ADD CONSTRAINT exception_events_pkey PRIMARY KEY (seq);


--
-- Name: exceptions exceptions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.exceptions
    ADD CONSTRAINT exceptions_pkey PRIMARY KEY (id);


--
-- Name: finding_events finding_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.finding_events
    ADD CONSTRAINT finding_events_pkey PRIMARY KEY (seq);


--
-- Name: findings findings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.findings
    ADD CONSTRAINT findings_pkey PRIMARY KEY (fingerprint);


--
-- Name: resources resources_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.resources
    ADD CONSTRAINT resources_pkey PRIMARY KEY (id);


--
-- Name: scans scans_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.scans
    ADD CONSTRAINT scans_pkey PRIMARY KEY (id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: exception_events_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX exception_events_id ON public.exception_events USING btree (exception_id, seq);


--
-- Name: finding_events_fp; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX finding_events_fp ON public.finding_events USING btree (fingerprint, seq);


--
-- Name: findings_scope; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX findings_scope ON public.findings USING btree (source, account, status);


--
-- Name: findings_severity; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX findings_severity ON public.findings USING btree (status, severity);


--
-- Name: resources_scope; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX resources_scope ON public.resources USING btree (source, account, type, namespace);


--
-- PostgreSQL database dump complete
--


