package dev.jita.asl;

import static dev.jita.asl.Asl.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation messages name the state and the field; refusals say what is not supported. */
class DefinitionLoaderTest {

    private static String load(String singleQuoted) {
        return assertThrows(InvalidDefinitionException.class,
                () -> DefinitionLoader.load(json(singleQuoted), Map.of())).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "'" + message + "' should mention '" + part + "'");
        }
    }

    @Test
    void load_shouldNameStateAndType_whenTheTypeIsUnknown() {
        assertMentions(load("{'StartAt':'A','States':{'A':{'Type':'Sleep','End':true}}}"),
                "State 'A'", "unknown state Type 'Sleep'");
    }

    @Test
    void load_shouldAskForNextOrEnd_whenBothAreMissing() {
        assertMentions(load("{'StartAt':'A','States':{'A':{'Type':'Pass'}}}"), "State 'A'", "needs Next", "End");
    }

    @Test
    void load_shouldNameTheMissingTarget_whenNextLeadsNowhere() {
        assertMentions(load("{'StartAt':'A','States':{'A':{'Type':'Pass','Next':'B'}}}"),
                "State 'A'", "Next names 'B'", "not a state");
    }

    @Test
    void load_shouldNameTheUnreachableState() {
        assertMentions(load("{'StartAt':'A','States':{'A':{'Type':'Succeed'},'B':{'Type':'Succeed'}}}"),
                "State 'B'", "unreachable");
    }

    @Test
    void load_shouldSayStartAtIsWrong_whenItNamesNoState() {
        assertMentions(load("{'StartAt':'X','States':{'A':{'Type':'Succeed'}}}"), "StartAt", "'X'");
        assertMentions(load("{'States':{'A':{'Type':'Succeed'}}}"), "needs StartAt");
    }

    @Test
    void load_shouldNameBranchAndState_insideAParallel() {
        String message = load("""
                {'StartAt':'P','States':{'P':{'Type':'Parallel','End':true,'Branches':[
                  {'StartAt':'A','States':{'A':{'Type':'Succeed'}}},
                  {'StartAt':'B','States':{'B':{'Type':'Pass','Next':'Gone'}}}]}}}
                """);
        assertMentions(message, "State 'B'", "Branches[1] of Parallel 'P'", "Next names 'Gone'");
    }

    @Test
    void load_shouldNameTheStateInAMapProcessor() {
        assertMentions(load("""
                {'StartAt':'M','States':{'M':{'Type':'Map','End':true,'ItemProcessor':
                  {'StartAt':'A','States':{'A':{'Type':'Pass'}}}}}}
                """), "State 'A'", "ItemProcessor of Map 'M'", "needs Next");
    }

    @Test
    void load_shouldRequireStatesAllAloneAndLast() {
        assertMentions(load("""
                {'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:123456789012:function:f',
                  'Retry':[{'ErrorEquals':['States.ALL']},{'ErrorEquals':['Other']}],'End':true}}}
                """), "State 'T'", "Retry[0]", "States.ALL");
    }

    @Test
    void load_shouldRejectBadRetryFields() {
        assertMentions(load("""
                {'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:123456789012:function:f',
                  'Retry':[{'ErrorEquals':['X'],'BackoffRate':0.5}],'End':true}}}
                """), "Retry[0]", "BackoffRate");
        assertMentions(load("""
                {'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:123456789012:function:f',
                  'Catch':[{'ErrorEquals':['X']}],'End':true}}}
                """), "Catch[0]", "Next is missing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'QueryLanguage':'JSONata',|JSONata",
        "'Assign':{'x':1},|Assign",
        "'Resource':'arn:aws:states:::dynamodb:putItem',|service integration",
        "'Resource':'arn:aws:states:us-east-1:123456789012:activity:approve',|Activities are not supported",
        "'Resource':'arn:aws:states:::lambda:invoke.sync',|service integration",
    })
    void load_shouldRefuseWhatIsOutOfScope(String field, String expected) {
        String resource = field.contains("Resource") ? "" : "'Resource':'arn:aws:lambda:us-east-1:123456789012:function:f',";
        assertMentions(load("{'StartAt':'T','States':{'T':{'Type':'Task'," + resource + field + "'End':true}}}"),
                "State 'T'", expected);
    }

    @Test
    void load_shouldRefuseDistributedMap() {
        assertMentions(load("""
                {'StartAt':'M','States':{'M':{'Type':'Map','End':true,'ItemProcessor':{
                  'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'STANDARD'},
                  'StartAt':'A','States':{'A':{'Type':'Succeed'}}}}}}
                """), "State 'M'", "Distributed Map is not supported");
    }

    @Test
    void load_shouldNameTheUnknownSubstitution() {
        InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class, () -> DefinitionLoader.load(
                json("{'StartAt':'A','States':{'A':{'Type':'Pass','Result':'${Missing}','End':true}}}"),
                Map.of("Other", "x")));
        assertMentions(e.getMessage(), "${Missing}", "substitution");
    }

    @Test
    void load_shouldRejectTheDefinition_whenAKeyRepeatsOrTextFollowsIt() {
        assertMentions(load("{'StartAt':'A','StartAt':'A','States':{'A':{'Type':'Succeed'}}}"),
                "not valid JSON", "Duplicate field 'StartAt'");
        assertMentions(load("{'StartAt':'A','States':{'A':{'Type':'Succeed'}}} {}"), "not valid JSON", "Trailing");
    }

    @Test
    void substitute_shouldReplaceEveryOccurrence() {
        assertEquals("a-1-b-1-2", DefinitionLoader.substitute("a-${x}-b-${x}-${y}", Map.of("x", "1", "y", "2")));
    }

    @Test
    void load_shouldNameTheFieldOfABadPath() {
        assertMentions(load("{'StartAt':'A','States':{'A':{'Type':'Pass','InputPath':'nope','End':true}}}"),
                "State 'A'", "InputPath");
    }

    @Test
    void load_shouldRejectDuplicateStateNamesAcrossBranches() {
        assertMentions(load("""
                {'StartAt':'P','States':{'P':{'Type':'Parallel','End':true,'Branches':[
                  {'StartAt':'A','States':{'A':{'Type':'Succeed'}}},
                  {'StartAt':'A','States':{'A':{'Type':'Succeed'}}}]}}}
                """), "State 'A'", "unique");
    }
}
