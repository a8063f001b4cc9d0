using System.Text;

namespace HaloClaude.Translation;

/// <summary>Removes a Markdown code fence around a JSON answer while it streams (JSON mode), as
/// <see cref="ResponseMapping.StripCodeFence"/> does for a whole answer.</summary>
/// <remarks>Only what could still turn out to be part of a fence is held back: the start until it is clearly not
/// <c>```</c>, the opening fence line, and a trailing run of whitespace and backticks that may be the closing fence.</remarks>
public sealed class StreamedFenceStripper
{
    private readonly StringBuilder _held = new();
    private State _state = State.Start;

    private enum State
    {
        /// <summary>Nothing but whitespace yet.</summary>
        Start,
        /// <summary>Inside the opening fence line (<c>```json</c>), up to its newline.</summary>
        Opening,
        /// <summary>Inside the fence, before any content (leading whitespace is dropped).</summary>
        FencedStart,
        /// <summary>Inside the fence.</summary>
        Fenced,
        /// <summary>No fence: everything passes.</summary>
        Plain,
    }

    /// <summary>Takes the next piece of answer text; returns the text that can be shown now (possibly empty).</summary>
    public string Push(string text)
    {
        if (_state == State.Plain)
        {
            return text;
        }

        _held.Append(text);
        var output = new StringBuilder();
        while (true)
        {
            switch (_state)
            {
                case State.Start:
                    var start = LeadingWhitespace();
                    var rest = _held.Length - start;
                    if (rest == 0 || (rest < 3 && IsFencePrefix(start, rest)))
                    {
                        return output.ToString();
                    }

                    if (rest >= 3 && IsFencePrefix(start, 3))
                    {
                        _held.Remove(0, start + 3);
                        _state = State.Opening;
                        continue;
                    }

                    _state = State.Plain;
                    return output.Append(TakeAll()).ToString();
                case State.Opening:
                    var newline = IndexOf('\n');
                    if (newline < 0)
                    {
                        return output.ToString();
                    }

                    _held.Remove(0, newline + 1);
                    _state = State.FencedStart;
                    continue;
                case State.FencedStart:
                    _held.Remove(0, LeadingWhitespace());
                    if (_held.Length == 0)
                    {
                        return output.ToString();
                    }

                    _state = State.Fenced;
                    continue;
                default:
                    // Everything before the trailing run of whitespace and backticks is certainly content.
                    var keep = _held.Length;
                    while (keep > 0 && (char.IsWhiteSpace(_held[keep - 1]) || _held[keep - 1] == '`'))
                    {
                        keep--;
                    }

                    output.Append(_held, 0, keep);
                    _held.Remove(0, keep);
                    return output.ToString();
            }
        }
    }

    /// <summary>The end of the answer: returns whatever was held back and is not part of a fence.</summary>
    public string Finish()
    {
        var state = _state;
        _state = State.Plain;
        switch (state)
        {
            case State.Fenced:
                var tail = TakeAll().TrimEnd();
                return tail.EndsWith("```", StringComparison.Ordinal) ? tail[..^3].TrimEnd() : tail;
            case State.Opening:
                // "```" and no newline: not a fence after all (the whole-answer rule leaves it too).
                return "```" + TakeAll();
            default:
                return TakeAll();
        }
    }

    private bool IsFencePrefix(int start, int length)
    {
        for (var i = 0; i < length; i++)
        {
            if (_held[start + i] != '`')
            {
                return false;
            }
        }

        return true;
    }

    private int LeadingWhitespace()
    {
        var i = 0;
        while (i < _held.Length && char.IsWhiteSpace(_held[i]))
        {
            i++;
        }

        return i;
    }

    private int IndexOf(char value)
    {
        for (var i = 0; i < _held.Length; i++)
        {
            if (_held[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    private string TakeAll()
    {
        var all = _held.ToString();
        _held.Clear();
        return all;
    }
}
