package dev.jita.asl.data;

import static dev.jita.asl.data.JsonFixtures.json;
import static dev.jita.asl.data.JsonFixtures.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.asl.StatesError;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static final JsonNode CONTEXT = json("""
            {'Execution': {'Id': 'arn:aws:states:us-east-1:123456789012:execution:m:e1', 'Name': 'e1'},
             'Task': {'Token': 'tok-1'}, 'Map': {'Item': {'Index': 0, 'Value': 'v'}}}""");

    /** The developer guide's Parameters example (Pass state input and output). */
    @Test
    void evaluate_shouldSelectFields_likeTheDeveloperGuideParametersExample() {
        JsonNode input = json("""
                {'comment': 'Example for Parameters.',
                 'product': {'details': {'color': 'blue', 'size': 'small', 'material': 'cotton'},
                             'availability': 'in stock', 'sku': '2317', 'cost': '$23'}}""");
        Template t = Template.compile(json("""
                {'comment': 'Selecting what I care about.',
                 'MyDetails': {'size.$': '$.product.details.size', 'exists.$': '$.product.availability',
                               'StaticValue': 'foo'}}"""));
        assertEquals(json("""
                {'comment': 'Selecting what I care about.',
                 'MyDetails': {'size': 'small', 'exists': 'in stock', 'StaticValue': 'foo'}}"""),
                t.evaluate(input, CONTEXT));
    }

    @Test
    void evaluate_shouldReadContextObject_whenPathStartsWithDoubleDollar() {
        Template t = Template.compile(json("""
                {'execution.$': '$$.Execution.Id', 'token.$': '$$.Task.Token', 'item.$': '$$.Map.Item.Value',
                 'whole.$': '$'}"""));
        JsonNode out = t.evaluate(json("{'a': 1}"), CONTEXT);
        assertEquals(json("""
                {'execution': 'arn:aws:states:us-east-1:123456789012:execution:m:e1', 'token': 'tok-1',
                 'item': 'v', 'whole': {'a': 1}}"""), out);
    }

    @Test
    void evaluate_shouldWalkArraysAndCopyLiteralsAsWritten() {
        Template t = Template.compile(json("""
                {'list': [1, 'two', {'three.$': '$.n'}, [true, null]], 'literal$': '$.n', 'n': 1.5,
                 'keep.$$': 'x'}"""));
        assertEquals(json("""
                {'list': [1, 'two', {'three': 3}, [true, null]], 'literal$': '$.n', 'n': 1.5, 'keep.$$': 'x'}"""),
                t.evaluate(json("{'n': 3}"), CONTEXT));
    }

    @Test
    void evaluate_shouldCallIntrinsics_whenValueStartsWithStates() {
        Template t = Template.compile(raw("""
                {"greeting.$": "States.Format('Hello, {}!', $.name)", "ids.$": "States.Array($.id, 2)"}"""));
        assertEquals(json("{'greeting': 'Hello, Ann!', 'ids': [1, 2]}"), t.evaluate(json("{'name': 'Ann', 'id': 1}"),
                CONTEXT));
    }

    @Test
    void evaluate_shouldReturnFreshContainers_onEachCall() {
        Template t = Template.compile(json("{'a': {'b': 1}, 'c': [1]}"));
        JsonNode first = t.evaluate(json("{}"), CONTEXT);
        ((ObjectNode) first.get("a")).put("b", 99);
        JsonNode second = t.evaluate(json("{}"), CONTEXT);
        assertEquals(json("{'a': {'b': 1}, 'c': [1]}"), second);
        assertNotSame(first, second);
    }

    @Test
    void evaluate_shouldRaiseStatesRuntime_likeAws_whenPathMatchesNothing() {
        Template t = Template.compile(json("{'outer': {'x.$': '$.missing'}}"));
        StatesError e = assertThrows(StatesError.class, () -> t.evaluate(json("{'a':1}"), CONTEXT));
        assertEquals("States.Runtime", e.error());
        assertEquals("The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input "
                + "'{\"a\":1}'", e.errorCause());
    }

    @Test
    void evaluate_shouldYieldArray_whenPathIsIndefinite() {
        Template t = Template.compile(json("{'ids.$': '$.items[*].id'}"));
        assertEquals(json("{'ids': [1, 2]}"), t.evaluate(json("{'items': [{'id': 1}, {'id': 2}]}"), CONTEXT));
    }

    @Test
    void compile_shouldNameTheKey_whenPathIsInvalid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Template.compile(json("{'outer': {'bad.$': 'not a path'}}")));
        assertTrue(e.getMessage().contains("outer.bad.$"), e.getMessage());
    }

    @Test
    void compile_shouldNameTheKey_whenIntrinsicIsInvalid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Template.compile(json("{'list': [{'f.$': 'States.Nope($.a)'}]}")));
        assertTrue(e.getMessage().contains("list[0].f.$"), e.getMessage());
        assertTrue(e.getMessage().contains("States.Nope"), e.getMessage());
    }

    @Test
    void compile_shouldReject_nonStringDynamicValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Template.compile(json("{'n.$': 5}")));
        assertTrue(e.getMessage().contains("'n.$'"), e.getMessage());
    }

    @Test
    void compile_shouldReject_keyGivenTwice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Template.compile(json("{'n.$': '$.a', 'n': 1}")));
        assertTrue(e.getMessage().contains("'n'"), e.getMessage());
    }
}
