namespace Attest.Engine.Evaluation.Scores;

/// <summary>
/// Where each cell's rows are counted: slot 0 is the whole sample, then one slot per group of each view
/// (a sensitive feature or an intersection). A row of cell c lands in slots Slots[c * PerCell .. + PerCell].
/// </summary>
public sealed class SlotMap(int slotCount, int perCell, int[] slots)
{
    public int SlotCount { get; } = slotCount;
    public int PerCell { get; } = perCell;
    public int[] Slots { get; } = slots;
}
