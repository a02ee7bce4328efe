// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * secbpf_profile_check: likely mistakes in a profile.  Each capability set
 * the profile can meet is resolved and built into the IR, and the IR is
 * examined, so a finding is about what a filter would really do, not about
 * the JSON's shape.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ir/ir.h"
#include "profile.h"

/* Findings are bounded so a hostile profile cannot make this quadratic in
 * memory; past the limit further findings are left out. */
#define MAX_FINDINGS 1000
/* The overlap analysis' work over all the capability sets examined: that
 * of four policies (each set's policy takes what the ones before left). */
#define OVERLAP_BUDGET (4 * SB_IR_OVERLAP_BUDGET)

/*
 * Syscalls that have been used to break out of containers or to attack
 * the host kernel; allowing one without any argument check deserves a
 * second look.
 */
static const char *const risky[] = {
	"add_key",	"bpf",
	"clone3",	"delete_module",
	"finit_module", "fsconfig",
	"fsmount",	"fsopen",
	"init_module",	"ioperm",
	"iopl",		"kexec_file_load",
	"kexec_load",	"keyctl",
	"mount",	"mount_setattr",
	"move_mount",	"open_by_handle_at",
	"open_tree",	"perf_event_open",
	"pivot_root",	"process_vm_writev",
	"ptrace",	"request_key",
	"setns",	"unshare",
	"userfaultfd",
};

/* Hosts a profile meant for several machines should map (archMap). */
static const char *const common_hosts[] = {
	"SCMP_ARCH_X86_64",
	"SCMP_ARCH_AARCH64",
};

struct keyed {
	struct secbpf_finding f;
	char key[sizeof(((struct secbpf_finding *)0)->message)];
};

struct lint {
	struct keyed *f;
	size_t n, cap;
	uint64_t budget; /* the overlap analysis' work left */
};

static int add(struct lint *l, enum secbpf_finding_kind kind,
	       const char *pointer, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * Each kind's code and severity, by kind (secbpf(1) has the table and the
 * reasons): an error is a profile that will not do what it means or that
 * a runtime or the kernel refuses, a warning a likely mistake, a note
 * information.
 */
static const struct {
	const char *code;
	enum secbpf_severity severity;
} kinds[] = {
	[SECBPF_FINDING_OVERLAP] = {"overlap", SECBPF_SEVERITY_WARNING},
	[SECBPF_FINDING_EQUALS_DEFAULT] = {"equals-default",
					   SECBPF_SEVERITY_WARNING},
	[SECBPF_FINDING_UNKNOWN_NAME] = {"unknown-name",
					 SECBPF_SEVERITY_WARNING},
	[SECBPF_FINDING_RISKY_ALLOW] = {"risky-allow", SECBPF_SEVERITY_WARNING},
	[SECBPF_FINDING_DEFAULT_ALLOW] = {"default-allow",
					  SECBPF_SEVERITY_WARNING},
	[SECBPF_FINDING_NO_ARCHMAP] = {"no-archmap", SECBPF_SEVERITY_NOTE},
	[SECBPF_FINDING_PARTLY_UNKNOWN] = {"partly-unknown",
					   SECBPF_SEVERITY_NOTE},
	[SECBPF_FINDING_UNKNOWN_CAP] = {"unknown-cap", SECBPF_SEVERITY_ERROR},
	[SECBPF_FINDING_REPEATED_ARG] = {"repeated-arg",
					 SECBPF_SEVERITY_WARNING},
	[SECBPF_FINDING_NOTIFY_REFUSED] = {"notify-refused",
					   SECBPF_SEVERITY_ERROR},
	[SECBPF_FINDING_NO_LISTENER] = {"no-listener", SECBPF_SEVERITY_ERROR},
	[SECBPF_FINDING_FLAGS_REFUSED] = {"flags-refused",
					  SECBPF_SEVERITY_ERROR},
	[SECBPF_FINDING_ERRNO_RANGE] = {"errno-range", SECBPF_SEVERITY_ERROR},
	[SECBPF_FINDING_NEVER_APPLIES] = {"never-applies",
					  SECBPF_SEVERITY_ERROR},
	/* the overlaps found may not be all of them */
	[SECBPF_FINDING_OVERLAP_UNCHECKED] = {"overlap-unchecked",
					      SECBPF_SEVERITY_WARNING},
};

const char *secbpf_finding_code(enum secbpf_finding_kind kind)
{
	if ((unsigned)kind >= SB_ARRAY_SIZE(kinds))
		return NULL;
	return kinds[kind].code;
}

enum secbpf_severity secbpf_finding_severity(enum secbpf_finding_kind kind)
{
	if ((unsigned)kind >= SB_ARRAY_SIZE(kinds) || !kinds[kind].code)
		return 0;
	return kinds[kind].severity;
}

/*
 * Record a finding unless one of the same kind and key is there already
 * (the key defaults to the message): the same overlap seen under several
 * capability sets is one finding, told with the first set that showed it.
 */
static int add(struct lint *l, enum secbpf_finding_kind kind,
	       const char *pointer, const char *key, const char *fmt, ...)
{
	struct keyed k = {.f = {.kind = kind}};
	struct secbpf_finding *fp = &k.f;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fp->message, sizeof(fp->message), fmt, ap);
	va_end(ap);
	snprintf(fp->pointer, sizeof(fp->pointer), "%s",
		 pointer ? pointer : "");
	fp->code = secbpf_finding_code(kind);
	fp->note = secbpf_finding_severity(kind) == SECBPF_SEVERITY_NOTE;
	snprintf(k.key, sizeof(k.key), "%s", key ? key : fp->message);
	for (size_t i = 0; i < l->n; i++)
		if (l->f[i].f.kind == kind && !strcmp(l->f[i].key, k.key))
			return 0;
	if (l->n >= MAX_FINDINGS)
		return 0;
	if (l->n == l->cap) {
		size_t ncap = l->cap ? 2 * l->cap : 16;
		struct keyed *nf = realloc(l->f, ncap * sizeof(*nf));

		if (!nf)
			return -ENOMEM;
		l->f = nf;
		l->cap = ncap;
	}
	l->f[l->n++] = k;
	return 0;
}

static const char *origin_of(const struct secbpf_profile *res,
			     const struct sb_rule *r)
{
	if (r->origin < res->nrules && res->rules[r->origin].pointer)
		return res->rules[r->origin].pointer;
	return "a rule";
}

/*
 * The IR layer's overlap analysis, which the policy ran when it was built
 * (the one behind compile's warnings): each pair it found, and what its
 * budget left out.  Which rule decides the call both rules match is the
 * compiler's order.
 */
static int check_overlaps(struct lint *l, const struct secbpf_profile *res,
			  const struct secbpf_policy *pol, const char *capset)
{
	/* first: the overlaps themselves may be many, and fill the list */
	if (pol->overlap_unchecked) {
		int rc = add(l, SECBPF_FINDING_OVERLAP_UNCHECKED, "",
			     "unchecked",
			     "too many rules to look for overlaps in all of "
			     "them%s%s: %llu pairs of rules with different "
			     "actions were not compared",
			     capset ? " " : "", capset ? capset : "",
			     (unsigned long long)pol->overlap_unchecked);

		if (rc)
			return rc;
	}
	for (size_t i = 0; i < pol->noverlap; i++) {
		const struct sb_overlap *o = &pol->overlap[i];
		const struct sb_ir_syscall *sys =
			&pol->arch[o->arch].sys[o->sys];
		const struct sb_rule *a = &sys->rules[o->a],
				     *b = &sys->rules[o->b];
		char who[96], act_a[32], act_b[32], act_w[32], key[96];
		int rc;

		if (o->winner < sys->nrules)
			snprintf(who, sizeof(who), "the filter decides %s",
				 secbpf_action_str(sys->rules[o->winner].action,
						   act_w, sizeof(act_w)));
		else
			snprintf(who, sizeof(who),
				 "libseccomp's rule order decides");
		snprintf(key, sizeof(key), "%s %u %u", sys->name, a->origin,
			 b->origin);
		rc = add(l, SECBPF_FINDING_OVERLAP, origin_of(res, a), key,
			 "'%s': rules %s (%s) and %s (%s) both match%s%s; %s",
			 sys->name, origin_of(res, a),
			 secbpf_action_str(a->action, act_a, sizeof(act_a)),
			 origin_of(res, b),
			 secbpf_action_str(b->action, act_b, sizeof(act_b)),
			 capset ? " " : "", capset ? capset : "", who);
		if (rc)
			return rc;
	}
	return 0;
}

static int check_equals_default(struct lint *l,
				const struct secbpf_profile *res,
				const struct secbpf_policy *pol)
{
	for (size_t i = 0; i < res->nrules; i++) {
		const struct sb_prof_rule *r = &res->rules[i];
		/* the parser fills in the errno a rule leaves out (EPERM) */
		uint32_t ret = sb_act_ret(r->act, r->data);
		int rc;

		if (ret != pol->default_action || !r->nnames)
			continue;
		rc = add(l, SECBPF_FINDING_EQUALS_DEFAULT, r->pointer, NULL,
			 "%s: the rule's action equals the default action; it "
			 "changes nothing (runc and crun drop it, libseccomp "
			 "refuses it)",
			 r->pointer ? r->pointer : "a rule");
		if (rc)
			return rc;
	}
	return 0;
}

static int check_names(struct lint *l, const struct secbpf_profile *res,
		       const struct secbpf_policy *pol)
{
	for (size_t i = 0; i < res->nrules; i++) {
		const struct sb_prof_rule *r = &res->rules[i];

		for (size_t k = 0; k < r->nnames; k++) {
			char missing[256] = "";
			size_t known = 0, off = 0;
			int rc = 0;

			for (size_t ai = 0; ai < pol->narch; ai++) {
				const struct secbpf_arch *a =
					pol->arch[ai].arch;

				if (!secbpf_syscall_lookup(a, r->names[k],
							   NULL) ||
				    !secbpf_syscall_multiplex(a, r->names[k],
							      NULL, NULL)) {
					known++;
					continue;
				}
				if (off < sizeof(missing))
					off += snprintf(missing + off,
							sizeof(missing) - off,
							"%s'%s'",
							off ? ", " : "",
							a->name);
			}
			if (!known)
				rc = add(l, SECBPF_FINDING_UNKNOWN_NAME,
					 r->pointer, NULL,
					 "'%s' (%s) is unknown on every target "
					 "architecture (%s): a typo, or newer "
					 "than the Linux %s syscall tables "
					 "here",
					 r->names[k], r->pointer, missing,
					 secbpf_syscall_tables_kernel());
			else if (known < pol->narch)
				rc = add(l, SECBPF_FINDING_PARTLY_UNKNOWN,
					 r->pointer, NULL,
					 "'%s' (%s) is unknown on %s and "
					 "applies to the other arches only",
					 r->names[k], r->pointer, missing);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/*
 * Rules whose conditions test one argument more than once.  The runtimes
 * split such a rule into one rule per condition, so any one condition is
 * enough: "arg0 >= 1, arg0 <= 9" allows every value.  Whoever wrote two
 * checks on one argument in one rule most likely meant both.
 */
static int check_repeated_args(struct lint *l, const struct secbpf_profile *res)
{
	for (size_t i = 0; i < res->nrules; i++) {
		const struct sb_prof_rule *r = &res->rules[i];
		const char *where = r->pointer ? r->pointer : "a rule";
		char first[6][32] = {{0}};
		int rc;

		if (!r->nnames)
			continue;
		for (size_t c = 0; c < r->nargs && c < SB_MAX_CONDS; c++) {
			unsigned arg = r->args[c].index;

			if (arg >= 6)
				continue;
			if (!first[arg][0]) {
				snprintf(first[arg], sizeof(first[arg]),
					 "args/%zu", c);
				continue;
			}
			rc = add(l, SECBPF_FINDING_REPEATED_ARG, r->pointer,
				 NULL,
				 "%s: %s and args/%zu both test argument %u: "
				 "runc, crun and containers/common make each "
				 "condition of this rule a rule of its own, so "
				 "any one of them is enough (OR, not AND)",
				 where, first[arg], c, arg);
			if (rc)
				return rc;
			break; /* one finding per rule */
		}
	}
	return 0;
}

static bool is_risky(const char *name)
{
	for (size_t i = 0; i < SB_ARRAY_SIZE(risky); i++)
		if (!strcmp(risky[i], name))
			return true;
	return false;
}

static int check_risky(struct lint *l, const struct secbpf_profile *res)
{
	for (size_t i = 0; i < res->nrules; i++) {
		const struct sb_prof_rule *r = &res->rules[i];

		if ((r->act != SB_ACT_ALLOW && r->act != SB_ACT_LOG) ||
		    r->nargs)
			continue;
		for (size_t k = 0; k < r->nnames; k++) {
			int rc;

			if (!is_risky(r->names[k]))
				continue;
			rc = add(l, SECBPF_FINDING_RISKY_ALLOW, r->pointer,
				 NULL,
				 "'%s' is allowed without an argument check "
				 "(%s); it has a history of container escapes",
				 r->names[k], r->pointer);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int check_shape(struct lint *l, const struct secbpf_profile *p)
{
	int rc = 0;

	if (p->default_act == SB_ACT_ALLOW || p->default_act == SB_ACT_LOG)
		rc = add(l, SECBPF_FINDING_DEFAULT_ALLOW, "/defaultAction",
			 NULL,
			 "the default action is '%s': every syscall the "
			 "profile does not list is allowed",
			 sb_act_name(p->default_act));
	if (rc || p->narches)
		return rc;
	for (size_t h = 0; h < SB_ARRAY_SIZE(common_hosts); h++) {
		bool found = false;

		for (size_t i = 0; i < p->narchmap; i++)
			found |= !strcmp(p->archmap[i].arch, common_hosts[h]);
		if (found)
			continue;
		rc = add(l, SECBPF_FINDING_NO_ARCHMAP, "/archMap", NULL,
			 "no 'archMap' entry for '%s': on such a host the "
			 "filter holds only the native arch, and its compat "
			 "syscalls get the bad-arch action",
			 common_hosts[h]);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Names in includes.caps / excludes.caps that are no capability: runtimes
 * compare them as strings with the bounding set, so such a name is never
 * present and its rule never applies (includes) or is never dropped
 * (excludes).  Not a load error, as the runtimes load it; likely a typo.
 */
static int check_caps(struct lint *l, const struct secbpf_profile *p)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sb_prof_rule *r = &p->rules[i];
		const struct sb_prof_filter *fs[2] = {&r->includes,
						      &r->excludes};
		static const char *const field[2] = {"includes", "excludes"};

		for (int f = 0; f < 2; f++) {
			for (size_t c = 0; c < fs[f]->ncaps; c++) {
				const char *name = fs[f]->caps[c];
				const char *hint = sb_cap_suggest(name);
				char ptr[128];
				int rc;

				if (sb_cap_number(name) >= 0)
					continue;
				snprintf(ptr, sizeof(ptr), "%s/%s/caps/%zu",
					 r->pointer ? r->pointer : "", field[f],
					 c);
				rc = add(l, SECBPF_FINDING_UNKNOWN_CAP, ptr,
					 NULL,
					 "'%s' (%s) is not a capability: "
					 "runtimes "
					 "compare names exactly, so no "
					 "container has it and %s%s%s%s",
					 name, ptr,
					 f ? "it never drops the rule"
					   : "the rule never applies",
					 hint ? " (did you mean '" : "",
					 hint ? hint : "", hint ? "'?)" : "");
				if (rc)
					return rc;
			}
		}
	}
	return 0;
}

/*
 * A rule whose includes and excludes contradict each other applies in no
 * environment: a capability both required and excluding, every arch of
 * includes.arches excluded, or an includes.minKernel no lower than the
 * excludes.minKernel (moby; containers/common ignores minKernel).
 * Unknown capability names are check_caps' finding already.
 */
static int check_never_applies(struct lint *l, const struct secbpf_profile *p)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sb_prof_rule *r = &p->rules[i];
		const struct sb_prof_filter *in = &r->includes,
					    *ex = &r->excludes;
		const char *base = r->pointer ? r->pointer : "";
		size_t excluded = 0;
		char ptr[128];
		int rc = 0;

		for (size_t c = 0; c < in->ncaps && !rc; c++) {
			bool both = false;

			for (size_t e = 0; e < ex->ncaps; e++)
				both |= !strcmp(in->caps[c], ex->caps[e]);
			if (!both || sb_cap_number(in->caps[c]) < 0)
				continue;
			snprintf(ptr, sizeof(ptr), "%s/includes/caps/%zu", base,
				 c);
			rc = add(l, SECBPF_FINDING_NEVER_APPLIES, ptr, NULL,
				 "'%s' (%s) is in both includes.caps and "
				 "excludes.caps: the rule applies to no "
				 "container",
				 in->caps[c], ptr);
		}
		for (size_t a = 0; a < in->narches; a++) {
			const struct secbpf_arch *arch =
				secbpf_arch_lookup(in->arches[a]);
			bool both = false;

			for (size_t e = 0; e < ex->narches; e++)
				both |= secbpf_arch_lookup(ex->arches[e]) ==
					arch;
			excluded += both;
		}
		if (!rc && in->narches && excluded == in->narches) {
			snprintf(ptr, sizeof(ptr), "%s/includes/arches", base);
			rc = add(l, SECBPF_FINDING_NEVER_APPLIES, ptr, NULL,
				 "%s: every arch it names is in "
				 "excludes.arches "
				 "too: the rule applies on no host",
				 ptr);
		}
		if (!rc && (in->min_major || in->min_minor) &&
		    (ex->min_major || ex->min_minor) &&
		    (in->min_major > ex->min_major ||
		     (in->min_major == ex->min_major &&
		      in->min_minor >= ex->min_minor))) {
			snprintf(ptr, sizeof(ptr), "%s/includes/minKernel",
				 base);
			rc = add(l, SECBPF_FINDING_NEVER_APPLIES, ptr, NULL,
				 "%s: %u.%u is not below excludes.minKernel "
				 "%u.%u: the rule applies on no kernel (moby; "
				 "containers/common ignores minKernel)",
				 ptr, in->min_major, in->min_minor,
				 ex->min_major, ex->min_minor);
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* Whether any action of the profile, the default included, is NOTIFY. */
static bool notifies(const struct secbpf_profile *p)
{
	if (p->default_act == SB_ACT_NOTIFY)
		return true;
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].act == SB_ACT_NOTIFY)
			return true;
	return false;
}

/*
 * What runc refuses about SCMP_ACT_NOTIFY: as the default action, and on
 * 'write' (runc hands the listener over with write, which would then wait
 * for the agent that is to receive it); and any NOTIFY without a
 * listenerPath, since the runtime has no agent to give the listener to.
 */
static int check_notify(struct lint *l, const struct secbpf_profile *p)
{
	int rc = 0;

	if (p->default_act == SB_ACT_NOTIFY)
		rc = add(l, SECBPF_FINDING_NOTIFY_REFUSED, "/defaultAction",
			 NULL,
			 "the default action is 'SCMP_ACT_NOTIFY', which runc "
			 "refuses: every call the profile does not list, the "
			 "runtime's own included, would wait for the agent");
	for (size_t i = 0; i < p->nrules && !rc; i++) {
		const struct sb_prof_rule *r = &p->rules[i];
		char ptr[128];

		if (r->act != SB_ACT_NOTIFY)
			continue;
		for (size_t k = 0; k < r->nnames && !rc; k++) {
			if (strcmp(r->names[k], "write"))
				continue;
			snprintf(ptr, sizeof(ptr), "%s/names/%zu",
				 r->pointer ? r->pointer : "", k);
			rc = add(l, SECBPF_FINDING_NOTIFY_REFUSED, ptr, NULL,
				 "%s: runc refuses 'SCMP_ACT_NOTIFY' for "
				 "'write': it hands the listener to the agent "
				 "with a write",
				 ptr);
		}
	}
	if (!rc && !p->listener_path && notifies(p))
		rc = add(l, SECBPF_FINDING_NO_LISTENER, "/listenerPath", NULL,
			 "an action is 'SCMP_ACT_NOTIFY' but there is no "
			 "'listenerPath': a runtime has no agent to pass the "
			 "listener to (runc fails to start the container)");
	return rc;
}

/*
 * Flags a runtime or the kernel refuses.  A profile's flags reach
 * seccomp(2) next to the ones the runtime adds itself: NEW_LISTENER when
 * an action notifies.  runc and crun take TSYNC, LOG, SPEC_ALLOW (crun and
 * newer runc WAIT_KILLABLE_RECV too) and refuse any other name; the kernel
 * refuses TSYNC beside NEW_LISTENER (unless TSYNC_ESRCH, which no runtime
 * takes from a profile; runc drops TSYNC, crun passes it), and
 * WAIT_KILLABLE_RECV without NEW_LISTENER (crun then retries with no
 * flags at all, losing LOG and SPEC_ALLOW).
 */
static int check_flags(struct lint *l, const struct secbpf_profile *p)
{
	const unsigned tsync = 1U << 0, listener = 1U << 3, esrch = 1U << 4,
		       killable = 1U << 5;
	bool notify = notifies(p);
	int rc = 0;

	for (size_t i = 0; i < p->nflags && !rc; i++) {
		unsigned bit = sb_flag_from_name(p->flags[i]);
		char ptr[32];

		snprintf(ptr, sizeof(ptr), "/flags/%zu", i);
		if (bit == listener || bit == esrch)
			rc = add(l, SECBPF_FINDING_FLAGS_REFUSED, ptr, NULL,
				 "%s: runc and crun refuse '%s' in a profile "
				 "(a runtime asks for a listener itself when "
				 "an action is SCMP_ACT_NOTIFY)",
				 ptr, p->flags[i]);
		else if (bit == tsync && notify)
			rc = add(l, SECBPF_FINDING_FLAGS_REFUSED, ptr, NULL,
				 "%s: the kernel refuses '%s' beside the "
				 "listener SCMP_ACT_NOTIFY needs (EINVAL): "
				 "crun passes it on and fails; runc ignores it",
				 ptr, p->flags[i]);
		else if (bit == killable && !notify)
			rc = add(l, SECBPF_FINDING_FLAGS_REFUSED, ptr, NULL,
				 "%s: the kernel refuses '%s' without a "
				 "listener, and no action is SCMP_ACT_NOTIFY: "
				 "crun then installs the filter with no flags "
				 "at all",
				 ptr, p->flags[i]);
	}
	return rc;
}

/*
 * libseccomp refuses ERRNO data from 4095 (its MAX_ERRNO) on, measured
 * with 2.5.4 (seccomp_init and seccomp_rule_add fail with EINVAL), so runc
 * and crun cannot build a filter with such an errno.  secbpf's filter
 * returns it, capped at 4095 as the kernel caps it.
 */
#define LIBSECCOMP_MAX_ERRNO 4094

static int check_errno(struct lint *l, const struct secbpf_profile *p)
{
	int rc = 0;

	if (p->default_act == SB_ACT_ERRNO &&
	    p->default_data > LIBSECCOMP_MAX_ERRNO)
		rc = add(l, SECBPF_FINDING_ERRNO_RANGE, "/defaultErrnoRet",
			 NULL,
			 "the default errno %u is above %u: libseccomp refuses "
			 "it, so runc and crun cannot build the filter",
			 p->default_data, LIBSECCOMP_MAX_ERRNO);
	for (size_t i = 0; i < p->nrules && !rc; i++) {
		const struct sb_prof_rule *r = &p->rules[i];

		if (r->act != SB_ACT_ERRNO || r->data <= LIBSECCOMP_MAX_ERRNO)
			continue;
		rc = add(l, SECBPF_FINDING_ERRNO_RANGE, r->pointer, NULL,
			 "%s: errno %u is above %u: libseccomp refuses it, so "
			 "runc and crun cannot build the filter",
			 r->pointer ? r->pointer : "a rule", r->data,
			 LIBSECCOMP_MAX_ERRNO);
	}
	return rc;
}

/* Every capability the profile's includes/excludes mention (names that are
 * no capability are never present: there is no set to try them in). */
static size_t mentioned_caps(const struct secbpf_profile *p, const char **caps,
			     size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nrules; i++) {
		const struct sb_prof_filter *fs[2] = {&p->rules[i].includes,
						      &p->rules[i].excludes};

		for (int f = 0; f < 2; f++) {
			for (size_t c = 0; c < fs[f]->ncaps; c++) {
				bool dup = sb_cap_number(fs[f]->caps[c]) < 0;

				for (size_t j = 0; j < n; j++)
					dup |= !strcmp(caps[j], fs[f]->caps[c]);
				if (!dup && n < max)
					caps[n++] = fs[f]->caps[c];
			}
		}
	}
	return n;
}

/* Resolve and build for one capability set, then run "what" checks. */
static int check_set(struct lint *l, const struct secbpf_profile *p,
		     const struct secbpf_resolve_opts *base,
		     const char *const *caps, size_t ncaps, bool all_caps,
		     const char *label, bool risky_too,
		     struct secbpf_error *err)
{
	/* the caller's options, read by secbpf_profile_check */
	struct secbpf_resolve_opts ro = *base;
	struct secbpf_profile *res = NULL;
	struct secbpf_policy *pol = NULL;
	int rc;

	ro.caps = caps;
	ro.ncaps = ncaps;
	ro.all_caps = all_caps;
	rc = secbpf_profile_resolve(p, &ro, &res, err);
	if (!rc)
		rc = sb_policy_build(res, NULL, &l->budget, &pol, err);
	if (!rc)
		rc = check_overlaps(l, res, pol, label);
	if (!rc)
		rc = check_equals_default(l, res, pol);
	if (!rc)
		rc = check_names(l, res, pol);
	if (!rc)
		rc = check_repeated_args(l, res);
	if (!rc && risky_too)
		rc = check_risky(l, res);
	secbpf_policy_free(pol);
	secbpf_profile_free(res);
	return rc;
}

int secbpf_profile_check(const struct secbpf_profile *profile,
			 const struct secbpf_resolve_opts *opts,
			 struct secbpf_finding **out, size_t *n,
			 struct secbpf_error *err)
{
	struct secbpf_resolve_opts o;
	struct lint l = {.budget = OVERLAP_BUDGET};
	const char *caps[64];
	size_t ncaps;
	int rc;

	if (!profile || !out || !n)
		return sb_err(err, -EINVAL, "nothing to check");
	*out = NULL;
	*n = 0;
	rc = SB_OPTS_COPY(opts, &o, secbpf_resolve_opts, err);
	if (rc)
		return rc;
	opts = &o;
	rc = check_shape(&l, profile);
	if (!rc)
		rc = check_notify(&l, profile);
	if (!rc)
		rc = check_flags(&l, profile);
	if (!rc)
		rc = check_errno(&l, profile);
	if (!rc)
		rc = check_caps(&l, profile);
	if (!rc)
		rc = check_never_applies(&l, profile);
	if (!rc && (opts->ncaps || opts->all_caps)) {
		/* exactly the environment the caller gave */
		rc = check_set(&l, profile, opts, opts->caps, opts->ncaps,
			       opts->all_caps, NULL, true, err);
	} else if (!rc) {
		char label[96];

		ncaps = mentioned_caps(profile, caps, SB_ARRAY_SIZE(caps));
		rc = check_set(&l, profile, opts, NULL, 0, false,
			       "with no capabilities", true, err);
		/* with no capability mentioned, all of them resolve as none
		 * do: nothing new to find */
		if (!rc && ncaps)
			rc = check_set(&l, profile, opts, NULL, 0, true,
				       "with all capabilities", false, err);
		for (size_t i = 0; !rc && i < ncaps; i++) {
			snprintf(label, sizeof(label), "with only %s", caps[i]);
			rc = check_set(&l, profile, opts, &caps[i], 1, false,
				       label, false, err);
		}
	}
	if (!rc && l.n) {
		*out = calloc(l.n, sizeof(**out));
		if (!*out)
			rc = -ENOMEM;
		for (size_t i = 0; *out && i < l.n; i++)
			(*out)[i] = l.f[i].f;
	}
	free(l.f);
	if (rc) {
		if (rc == -ENOMEM)
			return sb_err(err, rc, "out of memory");
		return rc;
	}
	*n = l.n;
	return 0;
}

void secbpf_findings_free(struct secbpf_finding *findings)
{
	free(findings);
}
