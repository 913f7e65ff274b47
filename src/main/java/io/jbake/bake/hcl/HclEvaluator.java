package io.jbake.bake.hcl;

import io.jbake.bake.model.BakeException;
import io.jbake.bake.model.Definition;
import io.jbake.bake.model.Group;
import io.jbake.bake.model.Target;
import io.jbake.bake.model.TargetAttribute;
import io.jbake.bake.model.TargetAttributes;
import io.jbake.go.GoLib;
import io.jbake.hcl.Attribute;
import io.jbake.hcl.Block;
import io.jbake.hcl.Body;
import io.jbake.hcl.BodyContent;
import io.jbake.hcl.BodySchema;
import io.jbake.hcl.BodySchema.AttributeSchema;
import io.jbake.hcl.BodySchema.BlockHeaderSchema;
import io.jbake.hcl.Diagnostic;
import io.jbake.hcl.Diagnostics;
import io.jbake.hcl.EvalContext;
import io.jbake.hcl.Expression;
import io.jbake.hcl.LimitErrors;
import io.jbake.hcl.SrcRange;
import io.jbake.hcl.Traversal;
import io.jbake.hcl.func.Function;
import io.jbake.hcl.func.Json;
import io.jbake.hcl.limits.Cancellation;
import io.jbake.hcl.limits.Limits;
import io.jbake.hcl.syntax.Expr;
import io.jbake.hcl.value.ConversionException;
import io.jbake.hcl.value.Convert;
import io.jbake.hcl.value.Type;
import io.jbake.hcl.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Evaluates the HCL and JSON definition files as buildx's {@code hclparser} does (bake-reference
 * §4): lazily and in dependency order rather than file order. Variables, global attributes, user
 * functions and single block attributes ({@code target.x.tags}) are evaluated on first use and
 * memoised; a name reached again while it is being evaluated is a cycle error.
 *
 * <p>Unlike buildx, block values are not rebuilt into one growing {@code target} object after every
 * block (which makes buildx quadratic): an expression that reads {@code target.x.y} gets a
 * {@code target} value holding just the blocks it names.
 */
public final class HclEvaluator {
    private static final BodySchema ROOT_SCHEMA = new BodySchema(
            List.of(),
            List.of(
                    new BlockHeaderSchema("target", List.of("name")),
                    new BlockHeaderSchema("group", List.of("name")),
                    new BlockHeaderSchema("variable", List.of("name")),
                    new BlockHeaderSchema("function", List.of("name"))));
    private static final BodySchema VARIABLE_SCHEMA = new BodySchema(
            List.of(
                    new AttributeSchema("default", false),
                    new AttributeSchema("type", false),
                    new AttributeSchema("description", false)),
            List.of(new BlockHeaderSchema("validation", List.of())));
    private static final BodySchema VALIDATION_SCHEMA = new BodySchema(
            List.of(new AttributeSchema("condition", false), new AttributeSchema("error_message", false)), List.of());
    private static final BodySchema FUNCTION_SCHEMA = new BodySchema(
            List.of(
                    new AttributeSchema("params", false),
                    new AttributeSchema("variadic_params", false),
                    new AttributeSchema("result", false)),
            List.of());
    private static final BodySchema TARGET_SCHEMA = schemaOf(TargetAttributes.NAMES);
    private static final BodySchema GROUP_SCHEMA = new BodySchema(
            List.of(new AttributeSchema("description", false), new AttributeSchema("targets", true)), List.of());
    private static final BodySchema MATRIX_SCHEMA = schemaOf(List.of("matrix", "name"));

    private static BodySchema schemaOf(List<String> names) {
        List<AttributeSchema> attrs = new ArrayList<>();
        names.forEach(n -> attrs.add(new AttributeSchema(n, false)));
        return new BodySchema(attrs, List.of());
    }

    /** A {@code validation} block; a missing expression is {@code null} and evaluates to null. */
    private record Validation(Expression condition, Expression errorMessage, SrcRange missing) {
        Value condition(EvalContext ctx, Diagnostics diags) {
            return condition == null ? Value.NULL : condition.evaluate(ctx, diags);
        }

        SrcRange conditionRange() {
            return condition == null ? missing : condition.range();
        }

        Value errorMessage(EvalContext ctx, Diagnostics diags) {
            return errorMessage == null ? Value.NULL : errorMessage.evaluate(ctx, diags);
        }
    }

    private record VariableDecl(
            String name,
            Attribute defaultAttr,
            Expression typeExpr,
            String description,
            List<Validation> validations,
            SrcRange range) {}

    private record FunctionDecl(
            String name,
            Attribute params,
            Attribute variadic,
            Attribute result,
            SrcRange labelRange,
            SrcRange defRange) {}

    /** One evaluation of a block: the block itself, or one matrix combination of it. */
    private static final class Instance {
        final Block block;
        final EvalContext ctx;
        String name;
        final Target target;
        String groupDescription = "";
        List<String> groupTargets;
        final Map<String, Attribute> attrs;
        final Set<String> done = new HashSet<>();
        final Set<String> inProgress = new HashSet<>();

        Instance(Block block, EvalContext ctx, String name, Map<String, Attribute> attrs) {
            this.block = block;
            this.ctx = ctx;
            this.name = name;
            this.attrs = attrs;
            this.target = new Target(name);
        }

        boolean isTarget() {
            return block.type().equals("target");
        }
    }

    /**
     * The target a {@code context = target.<name>.context} expression names (buildx reads it off the syntax: a
     * bare reference, not a template or parenthesised one), else {@code null}.
     */
    private static String contextReference(Expression expr) {
        if (!(expr instanceof Expr.ScopeTraversalExpr s)) {
            return null;
        }
        List<Traversal.Step> steps = s.traversal().steps();
        if (steps.size() != 3
                || !s.traversal().rootName().equals("target")
                || !(steps.get(2) instanceof Traversal.Attr field
                        && field.name().equals("context"))) {
            return null;
        }
        if (steps.get(1) instanceof Traversal.Attr name) {
            return name.name();
        }
        if (steps.get(1) instanceof Traversal.Index index
                && !index.key().isNull()
                && (index.key().type().equals(Type.STRING) || index.key().type().equals(Type.NUMBER))) {
            return index.key().type().equals(Type.STRING)
                    ? index.key().asString()
                    : index.key().asBigDecimal().toPlainString();
        }
        return null;
    }

    /** A failure carrying HCL diagnostics, unwound to the phase that reports it. */
    public static final class DiagnosticsException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Diagnostics diags;

        DiagnosticsException(Diagnostics diags) {
            super(diags.errorMessage(), null, false, false);
            this.diags = diags;
        }

        DiagnosticsException(Diagnostic d) {
            this(new Diagnostics().add(d));
        }

        /** The definition errors, as buildx renders them. */
        public Diagnostics diagnostics() {
            return diags;
        }
    }

    /** A plain error message (buildx's {@code errors.Errorf}) to be wrapped into a diagnostic. */
    private static class EvalError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EvalError(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<String, String> builtins;
    private final Map<String, String> overrides;
    private final Map<String, Function> stdlib;

    private final LinkedHashMap<String, VariableDecl> vars = new LinkedHashMap<>();
    private final LinkedHashMap<String, FunctionDecl> funcs = new LinkedHashMap<>();
    private final LinkedHashMap<String, Attribute> attrs = new LinkedHashMap<>();
    private final List<Block> blocks = new ArrayList<>();

    private final EvalContext global;
    private final Set<String> progressVars = new HashSet<>();
    private final Set<String> progressFuncs = new HashSet<>();
    private final Map<String, Type> constraints = new HashMap<>();
    // by identity: a block is one place in one file, and a record's hash would walk its whole body
    private final Map<Block, List<Instance>> instancesOf = new IdentityHashMap<>();
    /** Generated name -> instances, per block type; filled once every block's names are known. */
    private final Map<String, Map<String, List<Instance>>> byName = new HashMap<>();

    /**
     * @param builtins {@code BAKE_CMD_CONTEXT} and {@code BAKE_LOCAL_PLATFORM}: plain strings that no
     *     variable block or override can change
     * @param overrides values that override variables: {@code --var} entries over the environment
     *     (the environment only when env lookup is enabled)
     * @param stdlib the HCL functions available to every expression
     */
    public HclEvaluator(Map<String, String> builtins, Map<String, String> overrides, Map<String, Function> stdlib) {
        this.builtins = builtins;
        this.overrides = overrides;
        this.stdlib = stdlib;
        this.global = EvalContext.of(new HashMap<>(), new HashMap<>(stdlib));
    }

    /**
     * The result: blocks in definition order, the implicit matrix groups, and variable metadata, described only
     * when asked for ({@code --list=variables}): a value's text is as large as the value.
     */
    public record Result(Definition definition, Supplier<List<VariableInfo>> variables) {}

    /**
     * Evaluates the bodies of all files (in file order) into {@code into}.
     *
     * @throws DiagnosticsException for definition errors, rendered as buildx renders them
     */
    public Result evaluate(List<Body> bodies, Definition into) {
        try (Limits.Evaluation counted = Limits.evaluation()) {
            return evaluateCounted(bodies, into);
        } catch (Limits.EvaluationTooLarge e) {
            throw new DiagnosticsException(
                    LimitErrors.diagnostic(e, bodies.get(0).missingItemRange()));
        }
    }

    private Result evaluateCounted(List<Body> bodies, Definition into) {
        Diagnostics diags = new Diagnostics();
        Set<String> reserved = new HashSet<>(builtins.keySet());
        reserved.add("target");
        reserved.add("group");
        for (Body body : bodies) {
            Body.PartialContent pc = body.partialContent(ROOT_SCHEMA, diags);
            if (diags.hasErrors()) {
                throw new DiagnosticsException(diags);
            }
            for (Block b : pc.content().blocks()) {
                switch (b.type()) {
                    case "variable" -> declareVariable(b, reserved, diags);
                    case "function" -> declareFunction(b, reserved, diags);
                    default -> blocks.add(b);
                }
            }
            if (diags.hasErrors()) {
                throw new DiagnosticsException(diags);
            }
            Diagnostics attrDiags = new Diagnostics();
            Map<String, Attribute> top = pc.remain().justAttributes(attrDiags);
            // As buildx: the blocks read above are not errors here, nor are attributes set again.
            for (Diagnostic d : attrDiags) {
                if (!d.detail().equals("Blocks are not allowed here.")
                        && !d.detail().startsWith("Argument \"")) {
                    diags.add(d);
                }
            }
            if (diags.hasErrors()) {
                throw new DiagnosticsException(diags);
            }
            top.forEach((name, attr) -> {
                if (!reserved.contains(name) && !name.equals("function")) {
                    attrs.remove(name);
                    attrs.put(name, attr);
                }
            });
        }

        builtins.forEach((k, v) -> global.setVariable(k, Value.string(v)));

        for (VariableDecl v : vars.values()) {
            Cancellation.checkpoint();
            runPhase(() -> resolveValue(global, v.name), v.range, "Invalid value");
        }
        validateVariables();
        for (FunctionDecl f : funcs.values()) {
            Cancellation.checkpoint();
            runPhase(
                    () -> resolveFunction(f.name),
                    f.params != null ? f.params.range() : f.labelRange,
                    "Invalid function");
        }

        for (Block b : blocks) {
            if (b.labels().size() != 1) {
                throw new DiagnosticsException(Diagnostic.error(
                        "Invalid block",
                        "invalid block label: [" + String.join(" ", b.labels()) + "]",
                        b.labelRanges().get(0)));
            }
            Cancellation.checkpoint();
            runPhase(() -> resolveNames(b), b.labelRanges().get(0), "Invalid name");
        }
        for (Block b : blocks) {
            Map<String, List<Instance>> names = byName.computeIfAbsent(b.type(), k -> new HashMap<>());
            for (Instance inst : instancesOf.get(b)) {
                names.computeIfAbsent(inst.name, k -> new ArrayList<>()).add(inst);
            }
        }

        Diagnostics blockDiags = new Diagnostics();
        LinkedHashMap<String, List<String>> renamed = new LinkedHashMap<>();
        for (Block b : blocks) {
            try {
                for (Instance inst : instancesOf.get(b)) {
                    Cancellation.checkpoint();
                    resolveInstance(inst, null);
                }
            } catch (DiagnosticsException e) {
                blockDiags.addAll(e.diags);
                continue;
            } catch (EvalError e) {
                throw new DiagnosticsException(Diagnostic.error(
                        "Invalid block", e.getMessage(), b.labelRanges().get(0), b.defRange()));
            }
            for (Instance inst : instancesOf.get(b)) {
                if (inst.isTarget()) {
                    Attribute context = inst.attrs.get("context");
                    inst.target.writtenIn(
                            Definition.fileDir(b.defRange().filename()),
                            context != null,
                            context == null ? null : contextReference(context.expr()),
                            inst.attrs.containsKey("contexts"));
                    into.addTarget(inst.target);
                    renamed.computeIfAbsent(b.labels().get(0), k -> new ArrayList<>())
                            .add(inst.name);
                } else {
                    into.putGroup(new Group(
                            inst.name,
                            inst.groupDescription,
                            inst.groupTargets == null ? List.of() : inst.groupTargets));
                }
            }
        }
        if (blockDiags.hasErrors()) {
            throw new DiagnosticsException(blockDiags);
        }
        renamed.forEach((label, names) -> {
            List<String> unique = new ArrayList<>(new LinkedHashSet<>(names));
            if (!(unique.size() == 1 && unique.get(0).equals(label))) {
                into.addGroupIfAbsent(new Group(label, "", unique));
            }
        });

        for (Attribute a : attrs.values()) {
            Cancellation.checkpoint();
            runPhase(() -> resolveValue(global, a.name()), a.range(), "Invalid attribute");
        }
        return new Result(into, this::describeVariables);
    }

    /** Runs one step, turning a plain error into a diagnostic at {@code range}. */
    private static void runPhase(Runnable step, SrcRange range, String summary) {
        try {
            step.run();
        } catch (EvalError e) {
            throw new DiagnosticsException(Diagnostic.error(summary, e.getMessage(), range, range));
        }
    }

    // ---------------------------------------------------------------- declarations

    private void declareVariable(Block b, Set<String> reserved, Diagnostics diags) {
        String name = b.labels().isEmpty() ? "" : b.labels().get(0);
        BodyContent c = b.body().partialContent(VARIABLE_SCHEMA, diags).content();
        List<Validation> validations = new ArrayList<>();
        for (Block vb : c.blocks()) {
            BodyContent vc = vb.body().content(VALIDATION_SCHEMA, diags);
            Attribute cond = vc.attributes().get("condition");
            Attribute msg = vc.attributes().get("error_message");
            validations.add(new Validation(
                    cond == null ? null : cond.expr(), msg == null ? null : msg.expr(), vc.missingItemRange()));
        }
        String description = "";
        Attribute d = c.attributes().get("description");
        if (d != null) {
            Value dv = d.expr().evaluate(EvalContext.empty(), diags);
            if (!dv.isNull() && !diags.hasErrors()) {
                description = convertOrThrow(dv, Type.STRING, d.expr()).asString();
            }
        }
        Attribute type = c.attributes().get("type");
        if (reserved.contains(name)) {
            return;
        }
        vars.remove(name);
        vars.put(
                name,
                new VariableDecl(
                        name,
                        c.attributes().get("default"),
                        type == null ? null : type.expr(),
                        description,
                        validations,
                        b.body().missingItemRange()));
    }

    private void declareFunction(Block b, Set<String> reserved, Diagnostics diags) {
        String name = b.labels().isEmpty() ? "" : b.labels().get(0);
        BodyContent c = b.body().partialContent(FUNCTION_SCHEMA, diags).content();
        if (reserved.contains(name)) {
            return;
        }
        funcs.remove(name);
        funcs.put(
                name,
                new FunctionDecl(
                        name,
                        c.attributes().get("params"),
                        c.attributes().get("variadic_params"),
                        c.attributes().get("result"),
                        b.labelRanges().isEmpty()
                                ? b.defRange()
                                : b.labelRanges().get(0),
                        b.defRange()));
    }

    // ---------------------------------------------------------------- dependencies

    /**
     * Resolves what {@code expr} needs before it is evaluated in {@code ctx}: user functions it
     * calls, variables and attributes it reads, and the block attributes it references; returns the
     * context to evaluate it in (with the referenced blocks bound as {@code target}/{@code group}).
     * With {@code allowMissing}, names that are not defined are left for evaluation to report.
     */
    private EvalContext loadDeps(EvalContext ctx, Expression expr, Set<String> exclude, boolean allowMissing) {
        for (String fn : expr.functionNames()) {
            try {
                resolveFunction(fn);
            } catch (EvalError e) {
                if (allowMissing && e instanceof UndefinedError) {
                    continue;
                }
                throw wrapInvalidExpression(e, expr);
            }
        }
        Map<String, Map<String, Instance>> referenced = null;
        for (Traversal t : expr.variables()) {
            String root = t.rootName();
            if (exclude.contains(root)) {
                continue;
            }
            if (root.equals("target") || root.equals("group")) {
                List<Traversal.Step> steps = t.steps();
                if (steps.size() < 2) {
                    throw new DiagnosticsException(Diagnostic.error(
                            "Invalid expression",
                            "cannot access " + root + " as a variable",
                            expr.range(),
                            expr.range()));
                }
                if (!(steps.get(1) instanceof Traversal.Attr blockName)) {
                    throw new DiagnosticsException(Diagnostic.error(
                            "Invalid expression",
                            "cannot traverse " + root + " without attribute",
                            expr.range(),
                            expr.range()));
                }
                List<Instance> found = byName.getOrDefault(root, Map.of()).get(blockName.name());
                if (referenced == null) {
                    referenced = new HashMap<>();
                }
                Map<String, Instance> ofType = referenced.computeIfAbsent(root, k -> new LinkedHashMap<>());
                if (found == null || found.isEmpty()) {
                    continue;
                }
                String attr = steps.size() > 2 && steps.get(2) instanceof Traversal.Attr a ? a.name() : null;
                for (Instance inst : found) {
                    try {
                        resolveInstance(inst, attr);
                    } catch (EvalError e) {
                        throw wrapInvalidExpression(e, expr);
                    }
                    ofType.put(blockName.name(), inst);
                }
            } else {
                try {
                    resolveValue(ctx, root);
                } catch (EvalError e) {
                    if (allowMissing && e instanceof UndefinedError) {
                        continue;
                    }
                    throw wrapInvalidExpression(e, expr);
                }
            }
        }
        if (referenced == null) {
            return ctx;
        }
        Map<String, Value> bound = new HashMap<>();
        referenced.forEach((type, insts) -> {
            Map<String, Value> objects = new LinkedHashMap<>();
            insts.forEach((name, inst) -> objects.put(name, blockValue(inst)));
            bound.put(type, Value.object(objects));
        });
        return ctx.newChild(bound);
    }

    private static DiagnosticsException wrapInvalidExpression(EvalError e, Expression expr) {
        return new DiagnosticsException(
                Diagnostic.error("Invalid expression", e.getMessage(), expr.range(), expr.range()));
    }

    /** A name that is neither a variable, an attribute nor a function. */
    private static final class UndefinedError extends EvalError {
        private static final long serialVersionUID = 1L;

        UndefinedError(String message) {
            super(message);
        }
    }

    private Value eval(EvalContext ctx, Expression expr, Set<String> exclude, boolean allowMissing) {
        EvalContext evalCtx = loadDeps(ctx, expr, exclude, allowMissing);
        Diagnostics diags = new Diagnostics();
        Value v = expr.evaluate(evalCtx, diags);
        if (diags.hasErrors()) {
            throw new DiagnosticsException(diags);
        }
        return v;
    }

    // ---------------------------------------------------------------- functions

    private void resolveFunction(String name) {
        if (global.function(name) != null) {
            return;
        }
        FunctionDecl f = funcs.get(name);
        if (f == null) {
            throw new UndefinedError("function " + GoLib.quote(name) + " does not exist");
        }
        if (!progressFuncs.add(name)) {
            throw new EvalError("function cycle not allowed for " + name);
        }
        if (f.result == null) {
            throw new EvalError("empty result not allowed for " + name);
        }
        if (f.params == null) {
            throw new EvalError("empty params not allowed for " + name);
        }
        Diagnostics diags = new Diagnostics();
        List<String> params = new ArrayList<>();
        for (Expression p : HclExpressions.list(f.params.expr(), diags)) {
            String kw = HclExpressions.keyword(p);
            if (kw == null) {
                diags.add(Diagnostic.error(
                        "Invalid param element", "Each parameter name must be an identifier.", p.range()));
            }
            params.add(kw);
        }
        String variadic = null;
        if (f.variadic != null) {
            variadic = HclExpressions.keyword(f.variadic.expr());
            if (variadic == null) {
                diags.add(Diagnostic.error(
                        "Invalid param element", "Each parameter name must be an identifier.", f.variadic.range()));
            }
        }
        if (diags.hasErrors()) {
            throw new DiagnosticsException(diags);
        }
        Set<String> bound = new HashSet<>(params);
        if (variadic != null) {
            bound.add(variadic);
        }
        loadDeps(global, f.result.expr(), bound, false);
        global.setFunction(name, UserFunctions.create(name, params, variadic, f.result.expr(), global));
    }

    // ---------------------------------------------------------------- variables and attributes

    /** Evaluates variable or global attribute {@code name} into the global scope. */
    private void resolveValue(EvalContext ctx, String name) {
        if (global.variable(name) != null || ctx.variable(name) != null) {
            return;
        }
        if (!progressVars.add(name)) {
            throw new EvalError("variable cycle not allowed for " + name);
        }
        String builtin = builtins.get(name);
        if (builtin != null) {
            global.setVariable(name, Value.string(builtin));
            return;
        }
        Type type = Type.DYNAMIC;
        boolean typed = false;
        Attribute def = attrs.get(name);
        VariableDecl decl = vars.get(name);
        if (def == null) {
            if (decl == null) {
                throw new UndefinedError("variable " + GoLib.quote(name) + " does not exist");
            }
            def = decl.defaultAttr;
            if (decl.typeExpr != null) {
                Diagnostics diags = new Diagnostics();
                type = HclExpressions.typeConstraint(decl.typeExpr, diags);
                if (diags.hasErrors()) {
                    throw new DiagnosticsException(diags);
                }
                typed = !type.isDynamic() || "any".equals(HclExpressions.keyword(decl.typeExpr));
                if (typed) {
                    constraints.put(name, type);
                }
            }
        }
        VariableOverride override = VariableOverride.lookup(name, typed, overrides, vars.keySet(), builtins.keySet());
        if (def == null && override == null && !typed) {
            global.setVariable(name, Value.EMPTY_STRING);
            return;
        }
        Value value = Value.nullOf(type);
        if (def != null) {
            value = eval(global, def.expr(), Set.of(), true);
            try {
                value = Convert.convert(value, type);
            } catch (ConversionException e) {
                throw new EvalError("invalid type " + type.friendlyName() + " for variable " + name + " default value: "
                        + e.getMessage());
            }
        }
        if (override != null && decl != null) {
            try {
                value = override.apply(name, typed, type, def != null, value);
            } catch (BakeException e) {
                throw new EvalError(e.getMessage());
            }
        }
        global.setVariable(name, value);
    }

    private List<VariableInfo> describeVariables() {
        List<VariableInfo> infos = new ArrayList<>();
        for (VariableDecl v : vars.values()) {
            Cancellation.checkpoint();
            infos.add(describe(v));
        }
        return infos;
    }

    private VariableInfo describe(VariableDecl v) {
        Type constraint = constraints.get(v.name);
        Value value = global.variable(v.name);
        String text = null;
        if (value != null && !value.isNull()) {
            if (constraint != null) {
                text = Json.encode(value, constraint);
                if (constraint.equals(Type.STRING)) {
                    text = trimQuotes(text);
                }
            } else if (value.type().isPrimitive()) {
                text = Convert.convert(value, Type.STRING).asString();
            } else {
                text = Json.encode(value, value.type());
            }
        }
        return new VariableInfo(
                v.name, v.description, constraint == null ? "" : constraint.friendlyNameForConstraint(), text);
    }

    /** Go's {@code strings.Trim(s, "\"")}. */
    private static String trimQuotes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '"') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '"') {
            end--;
        }
        return s.substring(start, end);
    }

    private void validateVariables() {
        Diagnostics diags = new Diagnostics();
        for (VariableDecl v : vars.values()) {
            for (Validation rule : v.validations) {
                Diagnostics condDiags = new Diagnostics();
                Value result = rule.condition(global, condDiags);
                if (condDiags.hasErrors()) {
                    diags.addAll(condDiags);
                    continue;
                }
                if (result.isNull()) {
                    diags.add(Diagnostic.error(
                            "Invalid condition result",
                            "Condition expression must return either true or false, not null.",
                            rule.conditionRange()));
                    continue;
                }
                try {
                    result = Convert.convert(result, Type.BOOL);
                } catch (ConversionException e) {
                    diags.add(Diagnostic.error(
                            "Invalid condition result",
                            "Invalid condition result value: " + e.getMessage(),
                            rule.conditionRange()));
                    continue;
                }
                if (!result.asBool()) {
                    Diagnostics msgDiags = new Diagnostics();
                    Value message = rule.errorMessage(global, msgDiags);
                    if (msgDiags.hasErrors()) {
                        diags.addAll(msgDiags);
                        continue;
                    }
                    String text = message.isNull()
                            ? "This check failed, but has an invalid error message."
                            : Convert.convert(message, Type.STRING).asString();
                    diags.add(Diagnostic.error("Validation failed", text, rule.conditionRange()));
                }
            }
        }
        if (diags.hasErrors()) {
            throw new DiagnosticsException(diags);
        }
    }

    // ---------------------------------------------------------------- blocks

    /** Expands a block into its matrix instances and gives each its (validated) name. */
    private void resolveNames(Block b) {
        Diagnostics diags = new Diagnostics();
        Body.PartialContent pc = b.body().partialContent(MATRIX_SCHEMA, diags);
        if (diags.hasErrors()) {
            throw new DiagnosticsException(diags);
        }
        Map<String, Attribute> special = pc.content().attributes();
        Attribute matrix = special.get("matrix");
        Attribute nameAttr = special.get("name");
        boolean isTarget = b.type().equals("target");
        if (!isTarget) {
            if (nameAttr != null) {
                throw new EvalError("name is not supported for groups");
            }
            if (matrix != null) {
                throw new EvalError("matrix is not supported for groups");
            }
        }
        List<EvalContext> contexts = matrixContexts(b, matrix);
        Map<String, Attribute> attrsOfBlock = b.body()
                .partialContent(isTarget ? TARGET_SCHEMA : GROUP_SCHEMA, diags)
                .content()
                .attributes();
        if (diags.hasErrors()) {
            throw new DiagnosticsException(diags);
        }
        String label = b.labels().get(0);
        try {
            Definition.validateName(label);
        } catch (BakeException e) {
            throw new EvalError(e.getMessage());
        }
        List<Instance> instances = new ArrayList<>(contexts.size());
        Set<String> seen = new HashSet<>();
        for (EvalContext ctx : contexts) {
            Cancellation.checkpoint();
            String name = label;
            if (nameAttr != null) {
                if (matrix == null) {
                    throw new EvalError("name requires matrix");
                }
                Value v = eval(ctx, nameAttr.expr(), Set.of(), true);
                try {
                    name = Convert.convert(v, Type.STRING).asString();
                } catch (ConversionException e) {
                    throw new EvalError(e.getMessage());
                }
                try {
                    Definition.validateName(name);
                } catch (BakeException e) {
                    throw new EvalError(e.getMessage());
                }
            }
            if (!seen.add(name)) {
                throw new EvalError("duplicate name " + GoLib.quote(name));
            }
            instances.add(new Instance(b, ctx, name, attrsOfBlock));
        }
        instancesOf.put(b, instances);
    }

    /**
     * One child context per combination of matrix values (the cartesian product, keys in order), their number
     * checked against {@link Limits#MATRIX_COMBINATIONS} before any is made.
     */
    private List<EvalContext> matrixContexts(Block b, Attribute matrix) {
        if (matrix == null) {
            return List.of(global);
        }
        Value value = eval(global, matrix.expr(), Set.of(), true);
        if (!value.type().isMap() && !value.type().isObject()) {
            throw new EvalError("matrix must be a map");
        }
        BigInteger count = BigInteger.ONE;
        List<String> sizes = new ArrayList<>();
        for (Value values : value.attributes().values()) {
            if (values.isNull()
                    || !(values.type().isList()
                            || values.type().isTuple()
                            || values.type().isSet())) {
                throw new EvalError("matrix values must be a list");
            }
            count = count.multiply(BigInteger.valueOf(values.length()));
            sizes.add(String.valueOf(values.length()));
        }
        if (count.compareTo(BigInteger.valueOf(Limits.MATRIX_COMBINATIONS)) > 0) {
            throw new DiagnosticsException(Diagnostic.error(
                    "Too many matrix combinations",
                    "The matrix of "
                            + b.type() + " " + GoLib.quote(b.labels().get(0)) + " has " + count + " combinations ("
                            + String.join(" x ", sizes) + "), over jbake's limit of " + Limits.MATRIX_COMBINATIONS
                            + ".",
                    matrix.expr().range()));
        }
        List<Map<String, Value>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, Value> e : value.attributes().entrySet()) {
            List<Map<String, Value>> next = new ArrayList<>();
            for (Value v : e.getValue().elements()) {
                Cancellation.checkpoint();
                for (Map<String, Value> combo : combos) {
                    Map<String, Value> c = new LinkedHashMap<>(combo);
                    c.put(e.getKey(), v);
                    next.add(c);
                }
            }
            combos = next;
        }
        List<EvalContext> contexts = new ArrayList<>(combos.size());
        combos.forEach(c -> contexts.add(global.newChild(c)));
        return contexts;
    }

    /**
     * Evaluates attribute {@code only} of an instance ({@code null}: every attribute not yet
     * evaluated) and decodes it into the instance's target or group.
     */
    private void resolveInstance(Instance inst, String only) {
        List<Attribute> todo = new ArrayList<>();
        if (only != null) {
            if (inst.done.contains(only)) {
                return;
            }
            if (!inst.inProgress.add(only)) {
                throw new EvalError(
                        "reference cycle not allowed for " + inst.block.type() + "." + inst.name + "." + only);
            }
            Attribute a = inst.attrs.get(only);
            if (a != null) {
                todo.add(a);
            }
        } else {
            for (Attribute a : inst.attrs.values()) {
                if (!inst.done.contains(a.name())) {
                    todo.add(a);
                }
            }
        }
        List<EvalContext> contexts = new ArrayList<>(todo.size());
        for (Attribute a : todo) {
            contexts.add(loadDeps(inst.ctx, a.expr(), Set.of(), true));
        }
        Diagnostics diags = new Diagnostics();
        for (int i = 0; i < todo.size(); i++) {
            decode(inst, todo.get(i), contexts.get(i), diags);
        }
        if (diags.hasErrors()) {
            throw new DiagnosticsException(diags);
        }
        todo.forEach(a -> inst.done.add(a.name()));
        if (only != null) {
            inst.done.add(only);
        }
    }

    /** gohcl's DecodeExpression for one attribute, with its diagnostics. */
    private void decode(Instance inst, Attribute a, EvalContext ctx, Diagnostics diags) {
        Diagnostics valueDiags = new Diagnostics();
        Value v = a.expr().evaluate(ctx, valueDiags);
        SrcRange start = startRange(a.expr());
        if (valueDiags.hasErrors()) {
            diags.addAll(valueDiags);
            diags.add(Diagnostic.error(
                    "Unsuitable value type",
                    "Unsuitable value: value must be known",
                    start,
                    a.expr().range()));
            return;
        }
        try {
            if (inst.isTarget()) {
                TargetAttribute<?> attr = TargetAttributes.named(a.name());
                if (attr != null) {
                    attr.decode(inst.target, v);
                }
            } else if (a.name().equals("description")) {
                inst.groupDescription =
                        v.isNull() ? "" : Convert.convert(v, Type.STRING).asString();
            } else if (a.name().equals("targets")) {
                inst.groupTargets = v.isNull() ? null : stringList(v);
            }
        } catch (TargetAttributes.DecodeException e) {
            diags.add(Diagnostic.error(
                    "Unsuitable value type",
                    "Unsuitable value: " + e.getMessage(),
                    start,
                    a.expr().range()));
        } catch (ConversionException e) {
            diags.add(Diagnostic.error(
                    "Unsuitable value type",
                    "Unsuitable value: " + e.getMessage(),
                    start,
                    a.expr().range()));
        }
    }

    /**
     * HCL's {@code StartRange}: the opening bracket of a collection, a call's name, else the whole
     * expression. JSON arrays and objects start with their one-character bracket.
     */
    private static SrcRange startRange(Expression expr) {
        if (expr instanceof Expr e) {
            return e.startRange();
        }
        SrcRange r = expr.range();
        if (expr instanceof io.jbake.hcl.json.JsonExpression j
                && j.stringSource() == null
                && r.end().byteOffset() - r.start().byteOffset() > 1) {
            io.jbake.hcl.Pos s = r.start();
            return new SrcRange(r.filename(), s, new io.jbake.hcl.Pos(s.line(), s.column() + 1, s.byteOffset() + 1));
        }
        return r;
    }

    private static List<String> stringList(Value v) {
        Value list = Convert.convert(v, TargetAttributes.STRING_LIST);
        List<String> out = new ArrayList<>();
        list.elements().forEach(e -> out.add(e.asString()));
        return out;
    }

    /** The object {@code target.<name>} (or {@code group.<name>}) evaluates to. */
    private Value blockValue(Instance inst) {
        Map<String, Value> fields = new LinkedHashMap<>();
        fields.put("name", Value.string(inst.name));
        if (inst.isTarget()) {
            for (TargetAttribute<?> attr : TargetAttributes.ALL) {
                fields.put(attr.name(), attr.encode(inst.target));
            }
        } else {
            fields.put("description", Value.string(inst.groupDescription));
            List<Value> members = new ArrayList<>();
            if (inst.groupTargets != null) {
                inst.groupTargets.forEach(t -> members.add(Value.string(t)));
            }
            fields.put(
                    "targets",
                    inst.groupTargets == null
                            ? Value.nullOf(TargetAttributes.STRING_LIST)
                            : members.isEmpty() ? Value.emptyList(Type.STRING) : Value.list(members));
        }
        return Value.object(fields);
    }

    private static Value convertOrThrow(Value v, Type type, Expression expr) {
        try {
            return Convert.convert(v, type);
        } catch (ConversionException e) {
            throw new DiagnosticsException(
                    Diagnostic.error("Unsuitable value type", "Unsuitable value: " + e.getMessage(), expr.range()));
        }
    }
}
